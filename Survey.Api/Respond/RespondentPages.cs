using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Survey.Api.Respond.Components;
using Survey.Core;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;
using Survey.Core.Questionnaires.Types;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;

namespace Survey.Api.Respond;

/// <summary>
/// The leader's questionnaire as server-rendered pages that work without JavaScript: welcome,
/// one page at a time (saved as a draft on every move), review, submit and receipt.
/// Forms post back to the personal link itself; the token in the address is the credential, so
/// no anti-forgery cookie is needed and the site keeps no session state.
/// </summary>
public static class RespondentPages
{
    private const string ActionField = "__action";
    private const string ShownField = "__shown";
    /// <summary>Set on a page reached by "Change" on the review: moving on returns to the review.</summary>
    private const string ReturnField = "__return";
    private const string FromReview = "from=review";

    public static IEndpointRouteBuilder MapRespondentPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription().WithStaticAssetNames(app);
        MapFlow(pages, "/s/{token}", InvitationAsync);
        MapFlow(pages, "/p/{token}", PreviewAsync);
        pages.MapGet("/o/{key}", OpenLinkAsync);
        // What an open preview polls to follow the draft: its revision now.
        pages.MapGet("/p/{token}/revision", async (string token, HttpContext context, Previews previews, TokenGuard guard) =>
        {
            // Unknown preview links count against the address here too, so the poll cannot be used to guess them.
            if (guard.IsBlocked(context)) return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            if (await previews.FindAsync(token) is { } preview) return Results.Json(new { revision = preview.Revision });
            guard.RecordFailure(context);
            return Results.NotFound();
        });
        pages.MapGet(PublicSiteOptions.OwnPrivacyPath, (HttpContext context, IStringLocalizer<RespondText> L) =>
            Render<PrivacyPage>(new InfoModel(Frame(context, null, null) with { Title = L["PrivacyHeading"] })));
        pages.MapGet(PublicSiteOptions.OwnAccessibilityPath, (HttpContext context, IStringLocalizer<RespondText> L) =>
            Render<AccessibilityPage>(new InfoModel(Frame(context, null, null) with { Title = L["AccessibilityHeading"] })));
        return app;
    }

    private delegate Task<(Lookup Result, AnswerSession? Session)> Resolver(HttpContext context, string token);

    private static void MapFlow(RouteGroupBuilder pages, string prefix, Resolver resolve)
    {
        pages.MapGet(prefix, (string token, HttpContext context, IStringLocalizer<RespondText> L) => StartAsync(token, context, resolve, L));
        pages.MapGet(prefix + "/p/{page}", (string token, string page, HttpContext context, IStringLocalizer<RespondText> L) => ShowPageAsync(token, page, context, resolve, L));
        pages.MapPost(prefix + "/p/{page}", (string token, string page, HttpContext context, IStringLocalizer<RespondText> L) => PostPageAsync(token, page, context, resolve, L));
        pages.MapGet(prefix + "/review", (string token, HttpContext context, IStringLocalizer<RespondText> L) => ReviewAsync(token, context, resolve, L));
        pages.MapPost(prefix + "/submit", (string token, HttpContext context, IStringLocalizer<RespondText> L) => SubmitAsync(token, context, resolve, L));
        // A reload or the history after submitting asks for the submit address again: show where the link stands.
        pages.MapGet(prefix + "/submit", (string token, HttpContext context, IStringLocalizer<RespondText> L) => SubmitAgainAsync(token, context, resolve, L));
    }

    private static async Task<(Lookup, AnswerSession?)> InvitationAsync(HttpContext context, string token)
    {
        var respondents = context.RequestServices.GetRequiredService<Respondents>();
        var (result, session) = await respondents.FindAsync(context, token);
        if (result != Lookup.Found) return (result, null);
        var now = respondents.UtcNow;
        return (result, new InvitationSession(session!, respondents, context.RequestServices.GetRequiredService<Submissions>(), token)
        {
            Base = $"/s/{token}",
            Definition = await respondents.DefinitionAsync(session!),
            Answers = session!.Answers,
            DraftPage = session.DraftPage,
            HasDraft = session.DraftAnswers is not null,
            IsSubmitted = session.IsSubmitted,
            IsOpen = session.IsOpen(now),
            CompletedAt = session.CompletedAt,
            Reference = session.Reference,
            Anonymity = session.Anonymity,
            MinGroupSize = session.MinGroupSize,
            SaveUrl = $"/api/v1/respond/{token}/answers",
        });
    }

    private static async Task<(Lookup, AnswerSession?)> PreviewAsync(HttpContext context, string token)
    {
        var previews = context.RequestServices.GetRequiredService<Previews>();
        var preview = await previews.FindAsync(token);
        if (preview is null)
        {
            // Unknown preview links count against the address like unknown personal links.
            var guard = context.RequestServices.GetRequiredService<TokenGuard>();
            if (guard.IsBlocked(context)) return (Lookup.Blocked, null);
            guard.RecordFailure(context);
            return (Lookup.Unknown, null);
        }
        return (Lookup.Found, new PreviewSession(preview, previews)
        {
            Base = $"/p/{token}",
            Definition = SurveyDefinition.Parse(preview.Definition),
            Answers = preview.Answers is null ? new JsonObject() : JsonNode.Parse(preview.Answers)!.AsObject(),
            DraftPage = preview.Page,
            HasDraft = preview.Answers is not null,
            Anonymity = preview.Anonymity,
            MinGroupSize = preview.MinGroupSize,
            IsPreview = true,
        });
    }

    private static async Task<IResult> StartAsync(string token, HttpContext context, Resolver resolve, IStringLocalizer<RespondText> L)
    {
        var (result, session) = await resolve(context, token);
        if (result != Lookup.Found) return LookupPage(context, result, L);
        var definition = session!.Definition;
        var frame = Frame(context, definition, session);
        if (session.IsSubmitted) return Receipt(frame, session.CompletedAt, session.Reference, justSubmitted: false);
        if (!session.IsOpen) return Closed(frame, L);
        await session.MarkOpenedAsync();

        var visible = PageBuilder.VisiblePages(definition, session.Answers);
        var resumeAt = visible.FirstOrDefault(p => p.Name == session.DraftPage) ?? visible[0];
        return Render<WelcomePage>(new WelcomeModel(frame, token, definition.Description?.Get(frame.Lang), session.Anonymity,
            session.MinGroupSize, PageBuilder.EstimatedMinutes(definition), definition.Questions.Count(),
            frame.Link(PagePath(session, resumeAt)), Resumed: session.HasDraft));
    }

    private static async Task<IResult> ShowPageAsync(string token, string page, HttpContext context, Resolver resolve, IStringLocalizer<RespondText> L)
    {
        var (result, session) = await resolve(context, token);
        if (result != Lookup.Found) return LookupPage(context, result, L);
        var definition = session!.Definition;
        var frame = Frame(context, definition, session);
        if (session.IsSubmitted || !session.IsOpen) return TypedResults.Redirect(frame.Link(session.Base));
        var answers = session.Answers;
        var check = AnswerValidator.Validate(definition, answers, AnswerScope.Draft);
        var current = check.VisiblePages.FirstOrDefault(p => p.Name == page);
        if (current is null) return TypedResults.Redirect(frame.Link(PagePath(session, check.VisiblePages[0])));
        return RenderPage(frame, session, current, check, FormAnswers.ToForm(definition, answers),
            new Dictionary<string, string[]>(), notice: null, StatusCodes.Status200OK, L, returnToReview: context.Request.Query["from"] == "review");
    }

    private static async Task<IResult> PostPageAsync(string token, string page, HttpContext context, Resolver resolve, IStringLocalizer<RespondText> L)
    {
        var form = await context.Request.ReadFormAsync();
        var (result, session) = await resolve(context, token);
        if (result != Lookup.Found) return LookupPage(context, result, L);
        var definition = session!.Definition;
        var frame = Frame(context, definition, session);
        if (session.IsSubmitted) return TypedResults.Redirect(frame.Link(session.Base));
        if (!session.IsOpen) return Closed(frame, L);
        var current = definition.Pages.FirstOrDefault(p => p.Name == page);
        if (current is null) return TypedResults.Redirect(frame.Link(session.Base));

        var goingBack = form[ActionField] == "previous";
        var returnToReview = form[ReturnField] == "review";
        var pagePath = PagePath(session, current) + (returnToReview ? "?" + FromReview : "");
        // "Add another" and "Remove" of a repeating group: keep what the page holds, change its rows, show the page again.
        if (PanelDynamicType.RowAction.Parse(current.AllElements, form[ActionField].ToString()) is { } rowAction)
        {
            var withPage = FormAnswers.Merge(definition, session.Answers, current, form);
            var anchor = rowAction.ApplyTo(definition, withPage);
            var draft = AnswerValidator.Validate(definition, withPage, AnswerScope.Draft);
            if (!draft.IsValid)
                return RenderPage(frame, session, current, draft, form.ToDictionary(f => f.Key, f => f.Value), draft.Errors, null, StatusCodes.Status422UnprocessableEntity, L, returnToReview);
            if (!await session.SaveAsync(draft.Answers, current.Name)) return TypedResults.Redirect(frame.Link(session.Base));
            return TypedResults.Redirect(frame.Link(pagePath) + "#" + anchor);
        }
        // Triggers act on what this page changed (Core/Responses/Triggers), as survey-core runs them on a change.
        var triggered = Triggers.Run(definition, session.Answers, FormAnswers.Merge(definition, session.Answers, current, form));
        var merged = triggered.Answers;
        var posted = form.ToDictionary(f => f.Key, f => f.Value);
        // One validation of what the page sent: its rules for the page, and whether all of it would pass as a draft.
        var check = AnswerValidator.Validate(definition, merged, goingBack ? AnswerScope.Draft : AnswerScope.Page, current.Name);
        var pageNames = current.AllElements.Select(e => e.Name).ToHashSet();
        var errors = check.Errors.Where(e => pageNames.Contains(AnswerValidator.QuestionOf(e.Key))).ToDictionary(e => e.Key, e => e.Value);

        // Whatever has the right shape is kept, even when the page must be shown again.
        if (check.IsValidDraft && !await session.SaveAsync(check.Answers, current.Name))
            return TypedResults.Redirect(frame.Link(session.Base));

        if (errors.Count > 0)
            return RenderPage(frame, session, current, check, posted, errors, null, StatusCodes.Status422UnprocessableEntity, L, returnToReview);

        var visible = check.VisiblePages;
        if (goingBack)
        {
            var previous = visible.TakeWhile(p => p.Name != current.Name).LastOrDefault() ?? visible[0];
            await session.SaveAsync(check.Answers, previous.Name);
            return TypedResults.Redirect(frame.Link(PagePath(session, previous)));
        }

        // The form lists the questions it showed; a client that does not say is taken to have seen them all.
        // Without JavaScript a condition can reveal a question on this same page only now: show it before moving on.
        var shown = form.ContainsKey(ShownField) ? form[ShownField].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : null;
        var revealed = current.AllElements.Where(e => e.IsQuestion && check.VisibleQuestions.Contains(e.Name!) && shown?.Contains(e.Name!) == false).ToList();
        if (revealed.Count > 0)
            return RenderPage(frame, session, current, check, posted, errors, L["NewQuestionsAppeared"], StatusCodes.Status200OK, L, returnToReview);

        if (triggered.Complete)
        {
            // A complete trigger (a screen-out) ends the questionnaire here, without the review.
            await session.SaveAsync(check.Answers, current.Name);
            var outcome = await session.SubmitAsync(check.Answers, completedAtPage: current.Name);
            if (outcome.Kind == OutcomeKind.Ok)
                return Receipt(frame, outcome.Value!.SubmittedAt, session.IsPreview ? null : outcome.Value.Reference, justSubmitted: true,
                    definition.CompletedHtmlFor(check.Answers, frame.Lang));
            return TypedResults.Redirect(frame.Link(session.Base));
        }
        var next = triggered.SkipToPage is { } skip && visible.FirstOrDefault(p => p.Name == skip) is { } target
            ? target
            : visible.SkipWhile(p => p.Name != current.Name).Skip(1).FirstOrDefault();
        if (returnToReview)
        {
            // Back to the review, unless the change opened a page that was not there before: that one is
            // answered first, and it returns to the review in its turn.
            var visibleBefore = PageBuilder.VisiblePages(definition, session.Answers).Select(p => p.Name).ToHashSet();
            next = visible.SkipWhile(p => p.Name != current.Name).Skip(1).FirstOrDefault(p => !visibleBefore.Contains(p.Name));
            await session.SaveAsync(check.Answers, next?.Name ?? current.Name);
            return TypedResults.Redirect(frame.Link(next is null ? session.Base + "/review" : PagePath(session, next) + "?" + FromReview));
        }
        await session.SaveAsync(check.Answers, next?.Name ?? current.Name);
        return TypedResults.Redirect(frame.Link(next is null ? session.Base + "/review" : PagePath(session, next)));
    }

    private static async Task<IResult> ReviewAsync(string token, HttpContext context, Resolver resolve, IStringLocalizer<RespondText> L)
    {
        var (result, session) = await resolve(context, token);
        if (result != Lookup.Found) return LookupPage(context, result, L);
        var definition = session!.Definition;
        var frame = Frame(context, definition, session);
        if (session.IsSubmitted || !session.IsOpen) return TypedResults.Redirect(frame.Link(session.Base));
        var check = AnswerValidator.Validate(definition, session.Answers, AnswerScope.Draft);
        var lookup = check.Lookup();
        string Pipe(string text) => Piping.Apply(text, definition, lookup, frame.Lang);
        var sections = check.VisiblePages.Select(page => new ReviewSection(
            Pipe(page.Title?.Get(frame.Lang) ?? page.Name!),
            page.AllElements.Where(e => e.IsQuestion && check.VisibleQuestions.Contains(e.Name!))
                .Select(q => new ReviewItem(Pipe(q.Label(frame.Lang)), AnswerText(q, check.Answers, frame.Lang, L),
                    frame.Link(PagePath(session, page) + "?" + FromReview) + "#" + new QuestionView(q, QuestionViews.IndexOf(definition, q), frame.Lang, new Dictionary<string, StringValues>(), [], false).FirstControlId))
                .ToList()))
            .Where(s => s.Items.Count > 0)
            .ToList();
        return Render<ReviewPage>(new ReviewModel(frame with { Title = L["ReviewHeading"] + " – " + frame.Title }, session.Base, sections, check.VisiblePages.Count,
            definition.CompleteText?.Get(frame.Lang) is { Length: > 0 } complete ? complete : null));
    }

    private static async Task<IResult> SubmitAsync(string token, HttpContext context, Resolver resolve, IStringLocalizer<RespondText> L)
    {
        var (result, session) = await resolve(context, token);
        if (result != Lookup.Found) return LookupPage(context, result, L);
        var definition = session!.Definition;
        var frame = Frame(context, definition, session);
        if (session.IsSubmitted) return Receipt(frame, session.CompletedAt, session.Reference, justSubmitted: false);
        var outcome = await session.SubmitAsync(session.Answers);
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                // Shown straight away rather than after a redirect: for an anonymous questionnaire the
                // reference is not stored anywhere it could be looked up again through the link.
                return Receipt(frame, outcome.Value!.SubmittedAt, session.IsPreview ? null : outcome.Value.Reference, justSubmitted: true,
                    definition.CompletedHtmlFor(session.Answers, frame.Lang));
            case OutcomeKind.Conflict:
                var (at, reference) = await session.EarlierReceiptAsync();
                return Receipt(frame, at ?? DateTime.UtcNow, reference, justSubmitted: false);
            case OutcomeKind.Gone:
                return Closed(frame, L);
            case OutcomeKind.Invalid:
                var answers = session.Answers;
                var shown = AnswerValidator.Validate(definition, answers, AnswerScope.Draft);
                var visible = shown.VisiblePages;
                var owners = outcome.Errors!.Keys.Select(AnswerValidator.QuestionOf).ToHashSet();
                var firstWithError = visible.First(p => p.AllElements.Any(e => owners.Contains(e.Name ?? "")));
                var errors = outcome.Errors!.Where(e => firstWithError.AllElements.Any(el => el.Name == AnswerValidator.QuestionOf(e.Key))).ToDictionary(e => e.Key, e => e.Value);
                return RenderPage(frame, session, firstWithError, shown, FormAnswers.ToForm(definition, answers), errors, null,
                    StatusCodes.Status422UnprocessableEntity, L);
            default:
                return LookupPage(context, Lookup.Unknown, L);
        }
    }

    private static async Task<IResult> SubmitAgainAsync(string token, HttpContext context, Resolver resolve, IStringLocalizer<RespondText> L)
    {
        var (result, session) = await resolve(context, token);
        if (result != Lookup.Found) return LookupPage(context, result, L);
        var frame = Frame(context, session!.Definition, session);
        // Submitted or closed: the link's own page shows the receipt or says so; otherwise the review, from which it is sent.
        return TypedResults.Redirect(frame.Link(session.IsSubmitted || !session.IsOpen ? session.Base : session.Base + "/review"));
    }

    private static async Task<IResult> OpenLinkAsync(string key, HttpContext context, Respondents respondents, TokenGuard guard, IStringLocalizer<RespondText> L)
    {
        if (!guard.TryOpenLink(context)) return LookupPage(context, Lookup.Blocked, L);
        var token = await respondents.Sessions.CreateOpenLinkInvitationAsync(key);
        if (token is null)
        {
            if (guard.IsBlocked(context)) return LookupPage(context, Lookup.Blocked, L);
            guard.RecordFailure(context);
            return LookupPage(context, Lookup.Unknown, L);
        }
        return TypedResults.Redirect(Frame(context, null, null).Link($"/s/{token}"));
    }

    /// <summary>A page shown with the answers as <paramref name="check"/> found them (visibility, choices offered, piping), in any scope.</summary>
    private static IResult RenderPage(PageFrame frame, AnswerSession session, PageDefinition page, AnswerCheck check,
        IReadOnlyDictionary<string, StringValues> values, IReadOnlyDictionary<string, string[]> errors, string? notice, int status,
        IStringLocalizer<RespondText> L, bool returnToReview = false)
    {
        var definition = session.Definition;
        var visible = check.VisiblePages;
        // The link is the respondent, so it seeds the order of shuffled choices: the same on every visit.
        var views = QuestionViews.Build(definition, page.Elements, frame.Lang, values, errors, check, seed: session.Base);
        var summary = QuestionViews.WithRowFields(views).Where(v => v.Errors.Count > 0)
            .SelectMany(v => v.Errors.Select(m => (v.ErrorLabel, "#" + v.FirstControlId, m)))
            .ToList();
        var number = Math.Max(1, visible.ToList().FindIndex(p => p.Name == page.Name) + 1);
        var lookup = check.Lookup();
        string Pipe(string text) => Piping.Apply(text, definition, lookup, frame.Lang);
        var title = (summary.Count > 0 ? L["ErrorTitlePrefix"] + " " : "") + (page.Title?.Get(frame.Lang) is { } own ? Pipe(own) : frame.Title);
        var model = new QuestionPageModel(frame with { Title = title + " – " + frame.Title }, session.Base, definition, page, number, visible.Count,
            IsFirst: visible.Count == 0 || visible[0].Name == page.Name, views, summary, notice,
            StateJson(session, page, views, check.Answers, L, QuestionViews.NumberStart(definition, check, page)))
        {
            Pipe = Pipe,
            ReturnToReview = returnToReview,
        };
        return Render<QuestionPage>(model, status);
    }

    /// <summary>What the page script needs: the conditions as trees (the same the server evaluates), the draft, and where to save.</summary>
    private static string StateJson(AnswerSession session, PageDefinition page, IReadOnlyList<QuestionView> views, JsonObject answers, IStringLocalizer<RespondText> L,
        int numberStart) =>
        QuestionViews.ScriptState(views, answers, new JsonObject
        {
            ["numberStart"] = numberStart,
            ["saveUrl"] = session.SaveUrl,
            ["revisionUrl"] = session is PreviewSession ? session.Base + "/revision" : null,
            ["revision"] = session is PreviewSession preview ? preview.Revision : null,
            ["page"] = page.Name,
            ["texts"] = new JsonObject
            {
                ["saving"] = L["Saving"].Value, ["saved"] = L["Saved"].Value, ["notSaved"] = L["NotSaved"].Value, ["draftChanged"] = L["PreviewDraftChanged"].Value,
            },
        });

    public static IReadOnlyList<string> AnswerText(ElementDefinition q, JsonObject answers, string lang, IStringLocalizer<RespondText> L)
    {
        var value = answers[q.Name!];
        return value is null ? [] : Survey.Core.Questionnaires.Types.QuestionTypes.Of(q).ReviewLines(q, value, answers, lang);
    }

    private static string PagePath(AnswerSession session, PageDefinition page) => $"{session.Base}/p/{Uri.EscapeDataString(page.Name!)}";

    private static PageFrame Frame(HttpContext context, SurveyDefinition? definition, AnswerSession? session)
    {
        var lang = PageFrame.CurrentLang;
        var query = string.Join("&", context.Request.Query.Where(q => q.Key != "lang")
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        var path = context.Request.Path + (query.Length > 0 ? "?" + query : "");
        var title = definition?.Title?.Get(lang);
        return new PageFrame(lang, title ?? "", title, path, session?.IsPreview == true);
    }

    private static IResult LookupPage(HttpContext context, Lookup result, IStringLocalizer<RespondText> L)
    {
        var frame = Frame(context, null, null);
        return result == Lookup.Blocked
            ? Render<MessagePage>(new MessageModel(frame with { Title = L["BlockedHeading"] }, L["BlockedHeading"], L["BlockedBody"]), StatusCodes.Status429TooManyRequests)
            : Render<MessagePage>(new MessageModel(frame with { Title = L["UnknownHeading"] }, L["UnknownHeading"], L["UnknownBody"]), StatusCodes.Status404NotFound);
    }

    private static IResult Closed(PageFrame frame, IStringLocalizer<RespondText> L) =>
        Render<MessagePage>(new MessageModel(frame with { Title = L["ClosedHeading"] + " – " + frame.Title }, L["ClosedHeading"], L["ClosedBody"]), StatusCodes.Status410Gone);

    private static IResult Receipt(PageFrame frame, DateTime? submittedAt, string? reference, bool justSubmitted, string? completedHtml = null) =>
        Render<ReceiptPage>(new ReceiptModel(frame, submittedAt, reference, justSubmitted, completedHtml));

    private static RazorComponentResult<TComponent> Render<TComponent>(object model, int status = StatusCodes.Status200OK)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model }) { StatusCode = status };
}
