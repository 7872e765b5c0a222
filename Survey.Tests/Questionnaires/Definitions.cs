using System.Text.Json.Nodes;

namespace Survey.Tests.Questionnaires;

/// <summary>Small definitions for tests, built as JSON so each test can break exactly one thing.</summary>
public static class Definitions
{
    public static JsonObject Minimal() => JsonNode.Parse("""
        {
          "title": { "da": "Prøve", "en": "Trial" },
          "pages": [
            {
              "name": "p1",
              "elements": [
                { "type": "radiogroup", "name": "sector", "title": "Sektor", "isRequired": true, "choices": ["state", "private"] },
                { "type": "text", "name": "why", "visibleIf": "{sector} = 'private'" }
              ]
            }
          ]
        }
        """)!.AsObject();

    /// <summary>One question of every supported type, with the properties that go with it.</summary>
    public static JsonObject EveryType() => JsonNode.Parse("""
        {
          "title": "Alle typer",
          "description": { "default": "Beskrivelse", "en": "Description" },
          "locale": "da",
          "pages": [
            {
              "name": "p1",
              "title": { "da": "Side 1", "en": "Page 1" },
              "description": "Om dig",
              "elements": [
                { "type": "html", "name": "intro", "html": { "da": "<p>Hej</p>", "en": "<p>Hi</p>" } },
                { "type": "radiogroup", "name": "radio", "isRequired": true, "showOtherItem": true, "showNoneItem": true,
                  "choices": ["a", { "value": "b", "text": { "da": "Bee", "en": "Bee" } }, 3] },
                { "type": "checkbox", "name": "check", "showOtherItem": true, "showNoneItem": true, "choices": ["x", "y", "z"] },
                { "type": "dropdown", "name": "drop", "choices": ["one", "two"] },
                { "type": "boolean", "name": "yesno", "description": "Ja eller nej" },
                { "type": "text", "name": "freetext", "maxLength": 20, "validators": [ { "type": "text", "minLength": 2, "maxLength": 10 }, { "type": "regex", "regex": "^[a-z]+$", "text": { "da": "Kun små bogstaver", "en": "Lower case only" } } ] },
                { "type": "text", "name": "number", "inputType": "number", "min": 0, "max": 100, "validators": [ { "type": "numeric", "minValue": 1, "maxValue": 99 } ] },
                { "type": "text", "name": "date", "inputType": "date", "min": "2020-01-01", "max": "2030-12-31" },
                { "type": "text", "name": "email", "inputType": "email" },
                { "type": "comment", "name": "comment", "maxLength": 50 },
                { "type": "rating", "name": "rating", "rateMin": 0, "rateMax": 10, "minRateDescription": "Lav", "maxRateDescription": { "da": "Høj", "en": "High" } },
                { "type": "matrix", "name": "matrix", "isRequired": true, "rows": ["r1", { "value": "r2", "text": "Række 2" }], "columns": [1, 2, { "value": 3, "text": "Tre" }] },
                { "type": "ranking", "name": "rank", "choices": ["first", "second", "third"] }
              ]
            },
            {
              "name": "p2",
              "visibleIf": "{yesno} = true and {matrix.r1} >= 2",
              "elements": [
                { "type": "comment", "name": "followup", "visibleIf": "{check} contains 'x' or {radio} anyof ['a', 'b']" }
              ]
            }
          ]
        }
        """)!.AsObject();

    public static JsonObject Element(this JsonObject definition, int page, int index) =>
        definition["pages"]![page]!["elements"]![index]!.AsObject();
}
