using Survey.Core.Data;

namespace Survey.Tests;

/// <summary>A real SQLite file in a fresh temporary folder, migrated, deleted afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "survey-tests", Guid.NewGuid().ToString("N"));
    public string FilePath => Path.Combine(Folder, "survey.db");
    public SurveyDatabase Database { get; }

    public TestDatabase(bool migrate = true)
    {
        Directory.CreateDirectory(Folder);
        Database = new SurveyDatabase(FilePath);
        if (migrate) Migrator.Apply(Database);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
