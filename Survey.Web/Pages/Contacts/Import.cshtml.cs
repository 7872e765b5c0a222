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

    public ContactImportResult? Preview { get; private set; }
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (Upload is { Length: > 0 })
        {
            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8);
            Csv = await reader.ReadToEndAsync();
        }
        if (string.IsNullOrWhiteSpace(Csv))
        {
            ModelState.AddModelError("Csv", WebText.Format("CNothingToImport"));
            return Page();
        }
        Preview = ContactImport.FromCsv(Csv);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        Preview = ContactImport.FromCsv(Csv ?? "");
        var stored = await ContactImport.StoreAsync(database, Preview, User.Actor());
        if (!stored.IsOk)
        {
            foreach (var message in stored.Errors!.SelectMany(e => e.Value)) ModelState.AddModelError(string.Empty, message);
            return Page();
        }
        TempData["Status"] = WebText.Format("CImported", stored.Value!.Count);
        return RedirectToPage("Index");
    }
}
