using System.Text;
using Survey.Core.Reports;

namespace Survey.Tests.Reports;

public class CsvFileTests
{
    [TestCase("-3", "-3")]
    [TestCase("-2.5", "-2.5")]
    [TestCase("+4", "+4")]
    [TestCase("12", "12")]
    [TestCase("=1+2", "'=1+2")]
    [TestCase("-3+cmd|' /C calc'!A0", "'-3+cmd|' /C calc'!A0")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("+45 12 34 56", "'+45 12 34 56")]
    [TestCase("-1e3", "'-1e3")]
    [TestCase("Almindelig tekst", "Almindelig tekst")]
    public void Numbers_stay_numbers_and_only_text_that_would_run_as_a_formula_is_escaped(string cell, string written)
    {
        var csv = Encoding.UTF8.GetString(CsvFile.Write(["value"], [[cell]], danishExcel: false));
        var line = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd('\r');
        Assert.That(line.Trim('"').Replace("\"\"", "\""), Is.EqualTo(written));
    }
}
