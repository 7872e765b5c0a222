using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;
using Survey.Core.Responses;

namespace Survey.Core.Reports;

/// <summary>Which responses.csv a reader gets.</summary>
public enum RawDataView
{
    /// <summary>For the taskforce: times to the day, free text only where the summaries show it, no rare combination of sector, background and mode.</summary>
    Protected,
    /// <summary>For the secretariat: every cell, without contact fields.</summary>
    Full,
    /// <summary>For admins: every cell and, unless the questionnaire is anonymous, the contact's name, e-mail and organisation.</summary>
    FullWithContacts,
}

/// <summary>
/// Raw data for analysis: responses.csv with one row per submitted response and one column per
/// question (a column per option for multiple choice, per row for a matrix, per item for a
/// ranking), and a codebook with the question texts and value labels. What is in it depends on the
/// reader (RawDataView): the taskforce's file keeps the summaries' small-group rule.
/// </summary>
public sealed class RawData(SurveyDatabase database, DefinitionCache definitions)
{
    private sealed class Row
    {
        public long Id { get; init; }
        public string Reference { get; init; } = "";
        public string Mode { get; init; } = "";
        public int Version { get; init; }
        public string Sector { get; init; } = "";
        public string Background { get; init; } = "{}";
        public string Answers { get; init; } = "{}";
        public DateTime SubmittedAt { get; init; }
        public string? Name { get; init; }
        public string? Email { get; init; }
        public string? Organisation { get; init; }
    }

    private async Task<(SurveyDefinition Definition, string Anonymity, int MinGroupSize)?> LoadAsync(long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        var q = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            "SELECT id AS Id, current_version AS CurrentVersion, anonymity AS Anonymity, min_group_size AS MinGroupSize, draft_definition AS DraftDefinition FROM questionnaires WHERE id = @questionnaireId",
            new { questionnaireId });
        if (q is null) return null;
        var definition = q.CurrentVersion is { } v ? await definitions.GetAsync(q.Id, v) ?? SurveyDefinition.Parse(q.DraftDefinition) : SurveyDefinition.Parse(q.DraftDefinition);
        return (definition, q.Anonymity, q.MinGroupSize);
    }

    /// <summary>Every question's columns, as its type lays them out (Questionnaires/Types).</summary>
    private static List<RawColumn> QuestionColumns(SurveyDefinition definition, string lang) =>
        definition.Questions.SelectMany(q => QuestionTypes.Of(q).RawColumns(q, lang)).ToList();

    private sealed class QuasiRow
    {
        public string Sector { get; init; } = "";
        public string Background { get; init; } = "{}";
        public string Mode { get; init; } = "";
    }

    /// <summary>What responses.csv and responses.xlsx are written from: the reader's columns, the rows (read as they are written), the codebook.</summary>
    private sealed record RawTable(IReadOnlyList<ScriptColumn> Columns, IEnumerable<IReadOnlyList<string?>> Rows,
        (IReadOnlyList<string> Header, List<IReadOnlyList<string?>> Rows) Codebook)
    {
        public IReadOnlyList<string> Header => Columns.Select(c => c.Name).ToList();
    }

    /// <summary>responses.csv as the given reader may see it, or null when there is no such questionnaire.</summary>
    public Task<byte[]?> ResponsesCsvAsync(long questionnaireId, RawDataView view, bool danishExcel, string lang) =>
        ResponsesAsync(questionnaireId, view, lang, table => CsvFile.Write(table.Header, table.Rows, danishExcel));

    /// <summary>
    /// responses.xlsx: the same rows as responses.csv for the same reader, numbers as numbers, and the
    /// codebook as a second sheet; null when there is no such questionnaire.
    /// </summary>
    public Task<byte[]?> ResponsesXlsxAsync(long questionnaireId, RawDataView view, string lang) =>
        ResponsesAsync(questionnaireId, view, lang, table => XlsxFile.Write(
        [
            new XlsxSheet(CoreText.Format("XlsxResponses"), table.Rows.Select(row => (IReadOnlyList<XlsxCell>)row.Select((value, i) =>
                    table.Columns[i].Numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                        ? new XlsxCell(null, n, n == Math.Floor(n) ? 0 : 2) : new XlsxCell(value)).ToList())
                .Prepend(table.Header.Select(h => new XlsxCell(h, Bold: true)).ToList())),
            new XlsxSheet(CoreText.Format("XlsxCodebook"), table.Codebook.Rows.Select(r => (IReadOnlyList<XlsxCell>)r.Select(v => new XlsxCell(v)).ToList())
                .Prepend(table.Codebook.Header.Select(h => new XlsxCell(h, Bold: true)).ToList())),
        ]));

    private async Task<byte[]?> ResponsesAsync(long questionnaireId, RawDataView view, string lang, Func<RawTable, byte[]> write)
    {
        if (await LoadAsync(questionnaireId) is not { } loaded) return null;
        var withContacts = view == RawDataView.FullWithContacts && loaded.Anonymity != Anonymity.Anonymous;
        var isProtected = view == RawDataView.Protected;
        var min = loaded.MinGroupSize;
        var columns = QuestionColumns(loaded.Definition, lang);
        var backgroundNames = await ResponseValues.BackgroundNamesAsync(database, definitions, questionnaireId);
        var layout = Layout(loaded, backgroundNames, view, lang);
        var codebook = Codebook(loaded, view, lang);
        await using var connection = await database.OpenAsync();
        // One snapshot for both reads below, so that a response submitted in between cannot shift the rows.
        await using var snapshot = await connection.BeginTransactionAsync();

        // The taskforce's file: first the quasi-identifying columns of every row (sector, background
        // variables, mode) alone, to work out which of their cells to blank and where free text may stay.
        List<string[]>? quasi = null;
        Dictionary<string, int>? sectorSizes = null;
        if (isProtected)
        {
            var source = (await connection.QueryAsync<QuasiRow>(
                "SELECT sector AS Sector, background AS Background, mode AS Mode FROM responses WHERE questionnaire_id = @questionnaireId ORDER BY id",
                new { questionnaireId }, snapshot)).ToList();
            sectorSizes = source.GroupBy(r => r.Sector).ToDictionary(g => g.Key, g => g.Count());
            quasi = source.Select(r =>
            {
                var background = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Background) ?? [];
                return backgroundNames.Select(n => background.GetValueOrDefault(n) ?? "").Prepend(r.Sector).Append(r.Mode).ToArray();
            }).ToList();
            // Fewer responses than the minimum in all: as in the summaries, nothing is shown.
            if (quasi.Count < min) return write(new RawTable(layout, [], codebook));
            LocalSuppression.Apply(quasi, min);
        }
        var anonymous = loaded.Anonymity == Anonymity.Anonymous;
        // Rows are read one at a time (unbuffered), so the export does not hold every response at once.
        var rows = connection.Query<Row>($"""
            SELECT r.id AS Id, r.reference AS Reference, r.mode AS Mode, r.version AS Version, r.sector AS Sector, r.background AS Background,
                   r.answers AS Answers, r.submitted_at AS SubmittedAt
                   {(withContacts ? ", c.name AS Name, c.email AS Email, c.organisation AS Organisation" : "")}
            FROM responses r
            {(withContacts ? "LEFT JOIN invitations i ON i.id = r.invitation_id LEFT JOIN contacts c ON c.id = i.contact_id" : "")}
            WHERE r.questionnaire_id = @questionnaireId
            ORDER BY r.id
            """, new { questionnaireId }, snapshot, buffered: false);
        var index = 0;
        return write(new RawTable(layout, rows.Select(row =>
        {
            var answers = JsonNode.Parse(row.Answers)!.AsObject();
            var background = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Background) ?? [];
            // Anonymous responses are stored to the day, and the taskforce gets every time to the day.
            var local = Times.ToCopenhagen(row.SubmittedAt);
            var time = isProtected || anonymous
                ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var cells = new List<string?>
            {
                isProtected ? (index + 1).ToString(CultureInfo.InvariantCulture) : row.Reference, time,
                row.Mode, row.Version.ToString(CultureInfo.InvariantCulture), row.Sector,
            };
            if (withContacts) cells.AddRange([row.Name, row.Email, row.Organisation]);
            cells.AddRange(backgroundNames.Select(n => background.GetValueOrDefault(n)));
            // Free text only where the summaries would list it: from a sector with at least twice the minimum.
            var textAllowed = !isProtected || sectorSizes!.GetValueOrDefault(row.Sector) >= 2 * min;
            cells.AddRange(columns.Select(c => isProtected && (c.Identifying || (c.FreeText && !textAllowed)) ? null : c.Value(answers)));
            if (isProtected)
            {
                var q = quasi![index];
                cells[4] = q[0];
                for (var b = 0; b < backgroundNames.Count; b++) cells[5 + b] = q[1 + b];
                cells[2] = q[^1];
            }
            index++;
            return (IReadOnlyList<string?>)cells;
        }), codebook));
    }

    private sealed class AnswersRow
    {
        public string Reference { get; init; } = "";
        public string Sector { get; init; } = "";
        public string Answers { get; init; } = "{}";
    }

    /// <summary>
    /// A repeating group's own file, in long format: a line per row of every response, with the
    /// response it belongs to (its reference, or for the taskforce its row number in responses.csv),
    /// the row's number and its questions' columns, under the same rules for free text and identifying
    /// columns as responses.csv. Null when there is no such questionnaire or group.
    /// </summary>
    public async Task<byte[]?> GroupRowsCsvAsync(long questionnaireId, string question, RawDataView view, bool danishExcel, string lang)
    {
        if (await LoadAsync(questionnaireId) is not { } loaded) return null;
        var group = loaded.Definition.Questions.FirstOrDefault(q => q.TemplateElements is not null && q.Name == question);
        if (group is null) return null;
        var isProtected = view == RawDataView.Protected;
        var min = loaded.MinGroupSize;
        var columns = PanelDynamicType.RowColumns(group, lang).ToList();
        var header = new List<string> { isProtected ? "response_row" : "reference", "panel" };
        header.AddRange(columns.Select(c => c.Name));
        await using var connection = await database.OpenAsync();
        // One snapshot for both reads, as for responses.csv; the responses are read one at a time.
        await using var snapshot = await connection.BeginTransactionAsync();
        var sectorSizes = (await connection.QueryAsync<(string Sector, int N)>(
            "SELECT sector, COUNT(*) FROM responses WHERE questionnaire_id = @questionnaireId GROUP BY sector", new { questionnaireId }, snapshot))
            .ToDictionary(r => r.Sector, r => r.N);
        if (isProtected && sectorSizes.Values.Sum() < min) return CsvFile.Write(header, [], danishExcel);
        var responses = connection.Query<AnswersRow>(
            "SELECT reference AS Reference, sector AS Sector, answers AS Answers FROM responses WHERE questionnaire_id = @questionnaireId ORDER BY id",
            new { questionnaireId }, snapshot, buffered: false);
        return CsvFile.Write(header, responses.SelectMany((response, index) =>
        {
            var textAllowed = !isProtected || sectorSizes[response.Sector] >= 2 * min;
            var rows = PanelDynamicType.Rows(JsonNode.Parse(response.Answers)![question]);
            return rows.Select((row, r) => (IReadOnlyList<string?>)new[]
                {
                    isProtected ? (index + 1).ToString(CultureInfo.InvariantCulture) : response.Reference, (r + 1).ToString(CultureInfo.InvariantCulture),
                }
                .Concat(columns.Select(c => isProtected && (c.Identifying || (c.FreeText && !textAllowed)) ? null : c.Value(row))).ToList());
        }), danishExcel);
    }

    /// <summary>
    /// The columns of responses.csv as the given reader gets it, each as a statistics package reads
    /// it (for <see cref="StatisticsScripts"/>), with the questionnaire's title; null when there is no such questionnaire.
    /// </summary>
    public async Task<(string Title, IReadOnlyList<ScriptColumn> Columns)?> ScriptColumnsAsync(long questionnaireId, RawDataView view, string lang)
    {
        if (await LoadAsync(questionnaireId) is not { } loaded) return null;
        var backgroundNames = await ResponseValues.BackgroundNamesAsync(database, definitions, questionnaireId);
        return (loaded.Definition.Title?.Get(lang) ?? $"#{questionnaireId}", Layout(loaded, backgroundNames, view, lang));
    }

    /// <summary>The columns of the reader's responses.csv, in the file's order: its header is their names.</summary>
    private static List<ScriptColumn> Layout((SurveyDefinition Definition, string Anonymity, int MinGroupSize) loaded, IReadOnlyList<string> backgroundNames,
        RawDataView view, string lang)
    {
        var en = lang == "en";
        var withContacts = view == RawDataView.FullWithContacts && loaded.Anonymity != Anonymity.Anonymous;
        var columns = new List<ScriptColumn>
        {
            view == RawDataView.Protected
                ? new ScriptColumn("row", en ? "Row" : "Række", true, MeasurementLevel.Nominal, [], false)
                : new ScriptColumn("reference", en ? "Receipt reference" : "Kvitteringsnummer", false, MeasurementLevel.Nominal, [], false),
            new("submitted_at", en ? "Submitted" : "Indsendt", false, MeasurementLevel.Nominal, [], false),
            new("mode", en ? "Mode" : "Indsamling", false, MeasurementLevel.Nominal,
                [("web", en ? "Questionnaire" : "Spørgeskema"), ("interview", en ? "Interview" : "Interview")], true),
            new("version", en ? "Version of the questionnaire" : "Spørgeskemaets version", true, MeasurementLevel.Nominal, [], false),
            new("sector", CoreText.Format("SumSector"), false, MeasurementLevel.Nominal, Sectors.All.Select(s => (s, Sectors.Label(s, lang))).ToList(), true),
        };
        if (withContacts)
            columns.AddRange(new[] { "name", "email", "organisation" }.Select(n => new ScriptColumn(n, n, false, MeasurementLevel.Nominal, [], false)));
        columns.AddRange(backgroundNames.Select(n => new ScriptColumn(n, n, false, MeasurementLevel.Nominal, [], false)));
        foreach (var c in QuestionColumns(loaded.Definition, lang))
        {
            var question = loaded.Definition.FindQuestion(c.Question);
            var kind = question is null ? SummaryKind.None : QuestionTypes.Of(question).Summary(question);
            var codes = c.Codes ?? [];
            var numericCodes = codes.Count > 0 && codes.All(v => double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            var numeric = !c.FreeText && (numericCodes || kind == SummaryKind.Number);
            var level = c.FreeText ? MeasurementLevel.Nominal : kind switch
            {
                SummaryKind.Number => MeasurementLevel.Scale,
                SummaryKind.Scale or SummaryKind.Ranking => MeasurementLevel.Ordinal,
                SummaryKind.Matrix when numericCodes => MeasurementLevel.Ordinal,
                _ => MeasurementLevel.Nominal,
            };
            // A choice's or a matrix's codes are all its values; a scale's name only its ends, a ranking only first place.
            var complete = !c.FreeText && codes.Count > 0 && kind is SummaryKind.Choices or SummaryKind.Matrix;
            columns.Add(new ScriptColumn(c.Name, c.Label, numeric, level, codes, complete, c.FreeText));
        }
        return columns;
    }

    /// <summary>The codebook: which file the reader gets, every column with its question text, and every value with its label.</summary>
    public async Task<byte[]?> CodebookCsvAsync(long questionnaireId, RawDataView view, bool danishExcel, string lang) =>
        await LoadAsync(questionnaireId) is { } loaded && Codebook(loaded, view, lang) is var (header, rows) ? CsvFile.Write(header, rows, danishExcel) : null;

    private static (IReadOnlyList<string> Header, List<IReadOnlyList<string?>> Rows) Codebook(
        (SurveyDefinition Definition, string Anonymity, int MinGroupSize) loaded, RawDataView view, string lang)
    {
        var definition = loaded.Definition;
        var rows = new List<IReadOnlyList<string?>>
        {
            new[] { "(file)", "", view == RawDataView.Protected
                ? CoreText.Format("RawFileProtected", loaded.MinGroupSize, 2 * loaded.MinGroupSize)
                : CoreText.Format("RawFileFull"), "", "" },
        };
        foreach (var column in QuestionColumns(definition, lang))
        {
            rows.Add([column.Name, definition.FindQuestion(column.Question)!.Type, column.Label, "", ""]);
            rows.AddRange((column.Codes ?? []).Select(v => (IReadOnlyList<string?>)[column.Name, "", "", v.Value, v.Label]));
        }
        return (["column", "type", "question", "value", "label"], rows);
    }
}
