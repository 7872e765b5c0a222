using System.Text.Json.Nodes;
using Bogus;
using Survey.Web.Demo;

namespace Survey.Tests.Respond;

public static class DemoAnswers
{
    /// <summary>A complete, valid set of answers to the demo questionnaire.</summary>
    public static JsonObject Complete(int seed = 1, string sector = "municipality") =>
        DemoSeeder.SimulateAnswers(new Faker { Random = new Randomizer(seed) }, sector);
}
