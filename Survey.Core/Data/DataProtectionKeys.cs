using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Survey.Core.Data;

/// <summary>
/// ASP.NET Core's Data Protection key ring kept in the database (data_protection_keys), so that
/// several instances of a site share their keys. Keys written by an earlier version to a folder
/// beside the database are taken over once, the first time the table is read empty, so that an
/// upgrade does not sign everybody out.
/// </summary>
public sealed class DataProtectionKeys(SurveyDatabase database, string? legacyFolder = null) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        var keys = connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name").Select(x => XElement.Parse(x)).ToList();
        if (keys.Count > 0 || legacyFolder is null || !Directory.Exists(legacyFolder)) return keys;
        foreach (var file in Directory.GetFiles(legacyFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            var key = XElement.Load(file);
            StoreElement(key, Path.GetFileNameWithoutExtension(file));
            keys.Add(key);
        }
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        // Two instances may create a key at the same moment: each keeps its own name, and both are read back.
        connection.Execute("""
            INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at)
            ON CONFLICT (name) DO NOTHING
            """, new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), at = DateTime.UtcNow });
    }
}
