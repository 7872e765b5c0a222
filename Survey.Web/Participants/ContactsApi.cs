using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Web.Access;

namespace Survey.Web.Participants;

/// <summary>An import's result: Imported is every contact the file stored (added and updated).</summary>
public sealed record ImportedCount(int Imported, int Added, int Updated, int Skipped);

public sealed record ContactView(long Id, string Name, string Email, string Organisation, string Sector, string Title,
    IReadOnlyDictionary<string, string> Background);

public static class ContactsApi
{
    /// <summary>The largest contact file accepted, about 100,000 contacts.</summary>
    public const int MaxImportBytes = 20 * 1024 * 1024;

    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/contacts").WithTags("Contacts").RequireApiKey(Policies.Secretariat);

        api.MapPost("", ImportAsync)
            // The body is read by hand (text/csv or application/json), so no Accepts metadata: it would turn a wrong type into a routing miss.
            .WithSummary("Imports contacts from CSV (text/csv; UTF-8, UTF-16 or Windows-1252, found by itself unless a charset is given), an Excel workbook (its first sheet) or a JSON array (application/json): all rows or none; 422 lists problems by line; ?existing=skip or update for contacts already stored (refused by default)")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("", ListAsync).WithSummary("Every contact with its background variables");
        return app;
    }

    private static async Task<Results<Ok<ImportedCount>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, SurveyDatabase database, ClaimsPrincipal user, string? existing = null)
    {
        if (existing is not (null or "refuse" or "skip" or "update"))
            return AdminApi.Invalid(new Dictionary<string, string[]> { ["existing"] = [WebText.Format("ApiExistingContacts")] });
        if (request.ContentLength > MaxImportBytes)
            return AdminApi.Problem(StatusCodes.Status413PayloadTooLarge, WebText.Format("ApiTooLarge", MaxImportBytes / 1024 / 1024));
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        ContactImportResult import;
        switch (mediaType)
        {
            case "text/csv":
                // A charset the client names is believed; without one the encoding is found as for an upload.
                import = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.CharSet is { Length: > 0 } charset
                    && ContactImport.EncodingNamed(charset) is { } named
                    ? ContactImport.FromCsv(named.GetString(bytes).TrimStart('\uFEFF'))
                    : ContactImport.FromFile(bytes);
                break;
            case Survey.Web.Reports.ReportsApi.Xlsx:
                import = ContactImport.FromXlsx(bytes);
                break;
            case "application/json":
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(ContactImport.Decode(bytes).Text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
                }
                catch (JsonException e)
                {
                    return AdminApi.Problem(StatusCodes.Status400BadRequest, WebText.Format("ApiNotJson"), e.Message);
                }
                if (node is not JsonArray items)
                    return AdminApi.Invalid(new Dictionary<string, string[]> { ["$"] = [WebText.Format("ApiExpectedArray")] });
                import = ContactImport.FromJson(items);
                break;
            default:
                return AdminApi.Problem(StatusCodes.Status415UnsupportedMediaType, WebText.Format("ApiContactsMediaType"));
        }
        var stored = await ContactImport.StoreAsync(database, import, user.Actor(),
            existing switch { "skip" => ExistingContacts.Skip, "update" => ExistingContacts.Update, _ => ExistingContacts.Refuse });
        if (!stored.IsOk) return AdminApi.Problem(stored);
        var s = stored.Value!;
        return TypedResults.Ok(new ImportedCount(s.Added.Count + s.Updated, s.Added.Count, s.Updated, s.Skipped));
    }

    private static async Task<Ok<List<ContactView>>> ListAsync(Contacts contacts) =>
        TypedResults.Ok((await contacts.ListAsync())
            .Select(c => new ContactView(c.Id, c.Name, c.Email, c.Organisation, c.Sector, c.Title, c.BackgroundValues)).ToList());
}
