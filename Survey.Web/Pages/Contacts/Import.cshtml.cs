using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Web.Access;

namespace Survey.Web.Pages.Contacts;

/// <summary>CSV import in two steps: a preview with every problem by line, then all rows or none.</summary>
public sealed class ImportModel(SurveyDatabase database) : PageModel
{
    [BindProperty]
    public string? Csv { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>What to do with contacts already stored: "skip" or "update"; asked for when the file has any.</summary>
    [BindProperty]
    public string? Existing { get; set; }

    public ContactImportResult? Preview { get; private set; }

    /// <summary>The preview's contacts whose e-mail is already stored.</summary>
    public IReadOnlySet<string> Known { get; private set; } = new HashSet<string>();
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (Upload is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer);
            Preview = ContactImport.FromFile(buffer.ToArray());
            // What the confirmation reads again: the text as decoded, or the workbook's sheet as CSV.
            Csv = Preview.Text;
            Known = await ContactImport.ExistingAsync(database, Preview);
            return Page();
        }
        if (string.IsNullOrWhiteSpace(Csv))
        {
            ModelState.AddModelError("Csv", WebText.Format("CNothingToImport"));
            return Page();
        }
        Preview = ContactImport.FromCsv(Csv);
        Known = await ContactImport.ExistingAsync(database, Preview);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        Preview = ContactImport.FromCsv(Csv ?? "");
        Known = await ContactImport.ExistingAsync(database, Preview);
        if (Known.Count > 0 && Existing is not ("skip" or "update"))
        {
            ModelState.AddModelError("Existing", WebText.Format("CExistingChoose", Known.Count));
            return Page();
        }
        var stored = await ContactImport.StoreAsync(database, Preview, User.Actor(), Existing switch
        {
            "skip" => ExistingContacts.Skip,
            "update" => ExistingContacts.Update,
            _ => ExistingContacts.Refuse,
        });
        if (!stored.IsOk)
        {
            foreach (var message in stored.Errors!.SelectMany(e => e.Value)) ModelState.AddModelError(string.Empty, message);
            return Page();
        }
        var s = stored.Value!;
        TempData["Status"] = Known.Count == 0 ? WebText.Format("CImported", s.Added.Count) : WebText.Format("CImportedKnown", s.Added.Count, s.Updated, s.Skipped);
        return RedirectToPage("Index");
    }
}
