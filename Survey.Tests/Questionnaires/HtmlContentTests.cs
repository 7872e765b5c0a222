using Survey.Core.Questionnaires;

namespace Survey.Tests.Questionnaires;

public class HtmlContentTests
{
    [Test]
    public void Formatting_and_plain_links_survive()
    {
        var html = HtmlContent.Sanitize("<p>Læs <strong>mere</strong> på <a href=\"https://example.dk/x\">siden</a>.</p>");
        Assert.That(html, Is.EqualTo("<p>Læs <strong>mere</strong> på <a href=\"https://example.dk/x\" rel=\"noreferrer noopener\">siden</a>.</p>"));
    }

    [TestCase("<script>alert(1)</script><p>x</p>", "<p>x</p>")]
    [TestCase("<p onclick=\"steal()\">x</p>", "<p>x</p>")]
    [TestCase("<a href=\"javascript:alert(1)\">x</a>", "<a rel=\"noreferrer noopener\">x</a>")]
    [TestCase("<img src=\"https://tracker.example/p.gif\">", "")]
    [TestCase("<iframe src=\"https://evil.example\"></iframe>", "")]
    [TestCase("<p style=\"position:fixed\">x</p>", "<p>x</p>")]
    public void Anything_that_could_run_track_or_restyle_is_removed(string input, string expected)
    {
        Assert.That(HtmlContent.Sanitize(input), Is.EqualTo(expected));
    }
}
