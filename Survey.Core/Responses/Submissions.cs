using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses;

public sealed record SubmittedResponse(long ResponseId, string Reference, DateTime SubmittedAt);

/// <summary>
/// Turns a set of answers into a stored response, once. The invitation is marked completed by a
/// conditional update in the same transaction as the insert, so a second submit for the same
/// invitation (double click, retry, two tabs) finds nothing to update and stores nothing.
/// Submits are validated in parallel and stored by one writer in groups (see WriteLoopAsync); the
/// leaders' other writes (a link opened, a draft saved) go through the same writer and its groups.
/// </summary>
public sealed class Submissions
{
    /// <summary>At most this many submits share one commit.</summary>
    public const int MaxGroup = 256;

    private readonly SurveyDatabase database;
    private readonly DefinitionCache definitions;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ILogger _logger;

    public Submissions(SurveyDatabase database, DefinitionCache definitions, ILogger<Submissions>? logger = null)
    {
        this.database = database;
        this.definitions = definitions;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        SurveyMetrics.ObserveQueue(() => Interlocked.Read(ref _queued));
        _ = Task.Run(WriteLoopAsync);
    }

    private sealed class InvitationState
    {
        public long Id { get; init; }
        public long QuestionnaireId { get; init; }
        public string Status { get; init; } = "";
        public int? DraftVersion { get; init; }
        public string Anonymity { get; init; } = "";
        public string QStatus { get; init; } = "";
        public int? CurrentVersion { get; init; }
        public DateTime? OpensAt { get; init; }
        public DateTime? ClosesAt { get; init; }
        public string? Sector { get; init; }
        public string? Background { get; init; }
        public int MinGroupSize { get; init; }
    }

    /// <summary>
    /// Submits for a link looked up a moment ago (the public site's request): what the look-up read is
    /// what the submit is checked against, so it asks the store nothing more before the writer, whose
    /// claim decides whether the response is the first.
    /// </summary>
    public Task<Outcome<SubmittedResponse>> SubmitAsync(RespondentSession session, JsonObject answers, string? completedAtPage = null) =>
        SubmitAsync(new InvitationState
        {
            Id = session.InvitationId, QuestionnaireId = session.QuestionnaireId, Status = session.InvitationStatus, DraftVersion = session.DraftVersion,
            Anonymity = session.Anonymity, QStatus = session.QuestionnaireStatus, CurrentVersion = session.CurrentVersion,
            OpensAt = session.OpensAt, ClosesAt = session.ClosesAt, Sector = session.ContactSector, Background = session.ContactBackground,
            MinGroupSize = session.MinGroupSize,
        }, answers, "web", completedAtPage);

    /// <param name="completedAtPage">Where a complete trigger ended the questionnaire: only the pages up to it are checked.</param>
    public async Task<Outcome<SubmittedResponse>> SubmitAsync(long invitationId, JsonObject answers, string mode = "web", string? completedAtPage = null)
    {
        InvitationState? state;
        await using (var connection = await database.OpenAsync())
            state = await connection.QuerySingleOrDefaultAsync<InvitationState>("""
            SELECT i.id AS Id, i.questionnaire_id AS QuestionnaireId, i.status AS Status, i.draft_version AS DraftVersion,
                   q.anonymity AS Anonymity, q.status AS QStatus, q.current_version AS CurrentVersion,
                   q.opens_at AS OpensAt, q.closes_at AS ClosesAt, c.sector AS Sector, c.background AS Background,
                   q.min_group_size AS MinGroupSize
            FROM invitations i
            JOIN questionnaires q ON q.id = i.questionnaire_id
            LEFT JOIN contacts c ON c.id = i.contact_id
            WHERE i.id = @invitationId
            """, new { invitationId });
        return state is null ? Outcome<SubmittedResponse>.NotFound() : await SubmitAsync(state, answers, mode, completedAtPage);
    }

    private async Task<Outcome<SubmittedResponse>> SubmitAsync(InvitationState state, JsonObject answers, string mode, string? completedAtPage)
    {
        if (state.Status == InvitationStatus.Completed) return Outcome<SubmittedResponse>.Conflict(CoreText.Format("SubAlreadySubmitted"));
        var now = DateTime.UtcNow;
        if (state.QStatus != QuestionnaireStatus.Published || state.OpensAt > now || state.ClosesAt <= now)
            return Outcome<SubmittedResponse>.Gone(CoreText.Format("SubClosed"));

        // The version the leader started on is the one they answer, even if a newer one was published meanwhile.
        var version = state.DraftVersion ?? state.CurrentVersion!.Value;
        var definition = await definitions.GetAsync(state.QuestionnaireId, version)
            ?? throw new InvalidOperationException($"Questionnaire {state.QuestionnaireId} has no version {version}.");
        var check = AnswerValidator.Validate(definition, answers, AnswerScope.Submit, completedAtPage);
        if (!check.IsValid)
        {
            SurveyMetrics.ValidationFailures.Add(1);
            return Outcome<SubmittedResponse>.Invalid(check.Errors.ToDictionary(e => e.Key, e => e.Value));
        }

        var anonymous = state.Anonymity == Anonymity.Anonymous;
        var (sector, background) = (state.Sector ?? "", state.Background ?? "{}");
        if (anonymous)
        {
            await using var connection = await database.OpenAsync();
            (sector, background) = await AnonymousBackground.SharedAsync(connection, state.QuestionnaireId, state.MinGroupSize, sector, background);
        }
        // The summary row from the answers just validated, here on the request's thread: the writer
        // only looks up its codes and stores it in the same transaction as the response.
        var summary = SummaryRowWriter.Prepare(definition, check.Answers, sector,
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(background) ?? []);
        var pending = new PendingSubmit(state.Id, state.QuestionnaireId, version, anonymous,
            sector, background, RespondentSessions.ToStorage(check.Answers), mode, summary);
        await EnqueueAsync(pending);
        return await pending.Done.Task;
    }

    /// <summary>
    /// Records that a leader opened their link, in the writer's next group rather than in a
    /// transaction of its own: every first view of a link writes, and in a burst those writes
    /// queued for SQLite's lock one by one. Later views change nothing and write nothing.
    /// </summary>
    public async Task MarkOpenedAsync(RespondentSession session)
    {
        if (session.InvitationStatus is not (InvitationStatus.Created or InvitationStatus.Sent or InvitationStatus.Failed)) return;
        var pending = new PendingOpen(session.InvitationId);
        await EnqueueAsync(pending);
        await pending.Done.Task;
    }

    /// <summary>
    /// Saves a draft and, when given, the page to resume at, in the writer's next group (a leader's
    /// page saves while they type, so a burst of leaders is a burst of drafts). False when the
    /// response was submitted meanwhile, in which case nothing is written.
    /// </summary>
    public async Task<bool> SaveDraftAsync(long invitationId, int version, JsonObject answers, string? page)
    {
        var pending = new PendingDraft(invitationId, version, RespondentSessions.ToStorage(answers), page);
        await EnqueueAsync(pending);
        return await pending.Done.Task;
    }

    /// <summary>A write waiting for the writer: stored in the group's transaction, answered after its commit.</summary>
    private abstract record PendingWrite
    {
        public abstract object Store(Writer writer, DbTransaction tx, DateTime now);

        /// <summary>Adds this write's one statement to the group's batch; what reads its result into the answer.</summary>
        public abstract Func<object?, object> Stage(Writer writer, StatementBatch batch, DateTime now);
        public abstract void Answer(object result);
        public abstract void Fail(Exception e);
    }

    private abstract record PendingWrite<T> : PendingWrite where T : notnull
    {
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Answer(object result) => Done.TrySetResult((T)result);
        public override void Fail(Exception e) => Done.TrySetException(e);
    }

    private sealed record PendingSubmit(long InvitationId, long QuestionnaireId, int Version, bool Anonymous, string Sector,
        string BackgroundJson, string AnswersJson, string Mode, SummaryRowWriter.Prepared Summary) : PendingWrite<Outcome<SubmittedResponse>>
    {
        public override object Store(Writer writer, DbTransaction tx, DateTime now) => writer.Store(tx, this, now);

        public override Func<object?, object> Stage(Writer writer, StatementBatch batch, DateTime now) => writer.StageStore(batch, this, now);

        // An anonymous response must not be tied to its invitation by a shared time or order: its
        // invitation is marked completed without a time, and the response gets a random id (none gives
        // the others the next one) and only the day; the leader's receipt still shows the moment.
        public DateTime? CompletedAt(DateTime at) => Anonymous ? null : at;

        public long? ResponseId() => Anonymous ? AnonymousBackground.RandomId() : null;

        public long? LinkedInvitation => Anonymous ? null : InvitationId;

        public DateTime StoredAt(DateTime at) => Anonymous ? DateTime.SpecifyKind(at.Date, DateTimeKind.Utc) : at;

        /// <summary>The answer for the response stored with <paramref name="id"/>, or for none (the claim found the invitation completed).</summary>
        public static Outcome<SubmittedResponse> Receipt(object? id, string reference, DateTime at) => id is long stored
            ? Outcome<SubmittedResponse>.Ok(new SubmittedResponse(stored, reference, at))
            : Outcome<SubmittedResponse>.Conflict(CoreText.Format("SubAlreadySubmitted"));
    }

    private sealed record PendingOpen(long InvitationId) : PendingWrite<bool>
    {
        public override object Store(Writer writer, DbTransaction tx, DateTime now) => writer.MarkOpened(tx, InvitationId, now);

        public override Func<object?, object> Stage(Writer writer, StatementBatch batch, DateTime now)
        {
            batch.Add(Writer.OpenSql + " RETURNING id", ("now", now), ("invitation", InvitationId));
            return id => id is not null;
        }
    }

    private sealed record PendingDraft(long InvitationId, int Version, string AnswersJson, string? Page) : PendingWrite<bool>
    {
        public override object Store(Writer writer, DbTransaction tx, DateTime now) => writer.SaveDraft(tx, this, now);

        public override Func<object?, object> Stage(Writer writer, StatementBatch batch, DateTime now)
        {
            batch.Add(Writer.DraftSql + " RETURNING id", ("answers", AnswersJson), ("version", Version), ("page", Page), ("now", now), ("invitation", InvitationId));
            return id => id is not null;
        }
    }

    /// <summary>
    /// Group commit: one writer takes every submit waiting at that moment and stores them in one
    /// transaction, then answers each only after the commit. A commit waits for the disk once per
    /// group instead of once per response, so the rate grows with the load while every
    /// acknowledged response stays durable. Should a group fail (which a valid submit does not),
    /// it is rolled back whole and its submits are stored one by one, so only the faulty one fails.
    ///
    /// A submit stores the response with its answers; the rows the summaries count are written from
    /// those answers when no submit has come for a moment (migrations/sqlite/0003), up to a thousand
    /// responses per transaction. Those rows go into an index ordered by question and answer, where
    /// every response touches a few dozen pages: written per group of submits they cost most of
    /// the writer's time, written for many responses at once far less. In a long burst they wait for
    /// its end; a summary or export asked for meanwhile writes them first.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var idle = new Stack<Writer>();
        var storing = new List<Task<Writer?>>();
        // Where writers write together, a second group is written while the first waits for its
        // commit, so the processor is not left idle meanwhile; under SQLite's one write lock, one.
        var together = database.Sql.WritersTogether ? GroupsTogether : 1;
        // Rows left pending (a database moved by a migration, or from another store) are written at start;
        // a submit writes its own row.
        var valuesPending = true;
        // After groups, the write-ahead log is copied into the database in the next quiet moment.
        var checkpointDue = false;
        var retryPending = false;
        var lastGroup = 0;
        while (true)
        {
            for (var i = storing.Count - 1; i >= 0; i--)
            {
                if (!storing[i].IsCompleted) continue;
                if (await storing[i] is { } done) idle.Push(done);
                storing.RemoveAt(i);
            }
            if (storing.Count >= together)
            {
                await Task.WhenAny(storing);
                continue;
            }
            var wait = storing.Count > 0 ? QuietBeforeValues
                : valuesPending || checkpointDue ? (lastGroup > BurstGroup ? QuietAfterBurst : QuietBeforeValues)
                : idle.Count > 0 ? WriterIdleClose : Timeout.InfiniteTimeSpan;
            using (var quiet = new CancellationTokenSource(wait))
            {
                try
                {
                    if (!await reader.WaitToReadAsync(quiet.Token)) break;
                }
                catch (OperationCanceledException)
                {
                    if (storing.Count > 0)
                    {
                        // The summary rows wait until every group is stored.
                    }
                    else if (valuesPending && database.Sql.WritersTogether)
                    {
                        // Written beside the submits by a writer of their own, so that a group never waits
                        // behind a slice; looked at again after the next quiet moment while it is still busy.
                        if (_besideSubmits is not { IsCompleted: false })
                        {
                            _besideSubmits = WriteValuesBesideAsync();
                            valuesPending = false;
                        }
                    }
                    else if (valuesPending || (checkpointDue && !database.Sql.WritersTogether))
                    {
                        var writer = idle.Count > 0 ? idle.Pop() : null;
                        try
                        {
                            writer ??= await Writer.OpenAsync(database);
                            if (valuesPending) valuesPending = SliceWritten(await writer.WritePendingValuesAsync(definitions));
                            if (!valuesPending)
                            {
                                writer.Checkpoint();
                                checkpointDue = false;
                            }
                            idle.Push(writer);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // Tried again after the next group; a summary asked for meanwhile writes them itself, or fails saying why.
                            _logger.LogError(e, "Writing the summary rows of submitted responses failed");
                            valuesPending = false;
                            checkpointDue = false;
                            retryPending = true;
                            writer?.Dispose();
                        }
                    }
                    else
                    {
                        while (idle.Count > 0) idle.Pop().Dispose();
                    }
                    continue;
                }
            }
            var batch = new List<PendingWrite>();
            while (batch.Count < MaxGroup && reader.TryRead(out var item)) batch.Add(item);
            Interlocked.Add(ref _queued, -batch.Count);
            if (batch.Count == 0) continue;
            checkpointDue = true;
            valuesPending |= retryPending || _pendingLeft;
            retryPending = _pendingLeft = false;
            lastGroup = batch.Count;
            storing.Add(StoreAsync(batch, idle.Count > 0 ? idle.Pop() : null));
        }
        foreach (var w in idle) w.Dispose();
    }

    /// <summary>Stores a group on the given writer (or a new one), and gives the writer back unless it failed.</summary>
    private async Task<Writer?> StoreAsync(List<PendingWrite> batch, Writer? writer)
    {
        try
        {
            writer ??= await Writer.OpenAsync(database);
            Answer(batch, await writer.StoreGroupAsync(batch));
            Interlocked.Increment(ref _groupsStored);
            return writer;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            _logger.LogWarning(e, "A group of {Count} submits failed; storing them one by one", batch.Count);
            writer?.Dispose();
            writer = null;
            foreach (var p in batch)
            {
                try
                {
                    writer ??= await Writer.OpenAsync(database);
                    Answer([p], await writer.StoreGroupAsync([p]));
                }
                catch (Exception e2) when (e2 is not OutOfMemoryException)
                {
                    p.Fail(e2);
                    writer?.Dispose();
                    writer = null;
                }
            }
            return writer;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            batch[0].Fail(e);
            writer?.Dispose();
            return null;
        }
    }

    /// <summary>How many groups are written at once where writers write together.</summary>
    private const int GroupsTogether = 2;

    /// <summary>Writes waiting for the writer (the channel of one reader does not count them itself).</summary>
    private long _queued;

    private ValueTask EnqueueAsync(PendingWrite write)
    {
        Interlocked.Increment(ref _queued);
        return _queue.Writer.WriteAsync(write);
    }

    private Task? _besideSubmits;
    private volatile bool _pendingLeft;
    private long _groupsStored;

    /// <summary>
    /// The summary rows on a store whose writers write together: slice after slice until none is left,
    /// on a connection of its own; once a group of submits is stored meanwhile (a burst again) it stops
    /// after the slice, so that the burst's commits have the processor, and the rest waits for its end.
    /// </summary>
    private async Task WriteValuesBesideAsync()
    {
        try
        {
            using var writer = await Writer.OpenAsync(database);
            var groups = Interlocked.Read(ref _groupsStored);
            bool more;
            while ((more = SliceWritten(await writer.WritePendingValuesAsync(definitions))) && Interlocked.Read(ref _groupsStored) == groups)
            {
            }
            // Stopped for a burst with rows left: taken up again after its next group.
            _pendingLeft = more;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _pendingLeft = true;
            // Tried again after the next group; a summary asked for meanwhile writes them itself, or fails saying why.
            _logger.LogError(e, "Writing the summary rows of submitted responses failed");
        }
    }

    private static void Answer(IReadOnlyList<PendingWrite> batch, object[] results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answer(results[i]);
            if (batch[i] is PendingSubmit && results[i] is Outcome<SubmittedResponse> { IsOk: true })
            {
                SurveyMetrics.Submits.Add(1);
            }
            else if (batch[i] is PendingDraft && results[i] is true) SurveyMetrics.Drafts.Add(1);
        }
    }

    /// <summary>Counts a slice of summary rows written: <paramref name="written"/> responses, the last of them when fewer than a slice.</summary>
    private static bool SliceWritten(int written)
    {
        SurveyMetrics.ValuesPending(-written);
        if (written < ResponseValues.PendingSlice) SurveyMetrics.NoValuesPending();
        return written == ResponseValues.PendingSlice;
    }

    /// <summary>The summary rows are written once no submit has come for this long.</summary>
    private static readonly TimeSpan QuietBeforeValues = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// A group larger than this is a burst: many leaders waiting at once. Its requests can all be on
    /// their way through the site for longer than <see cref="QuietBeforeValues"/> (a garbage
    /// collection, a moment without the processor), which is not the burst's end, so after such a
    /// group the writer waits <see cref="QuietAfterBurst"/> before the summary rows. A trickle of
    /// single submits gets its rows after the short wait.
    /// </summary>
    private const int BurstGroup = 4;

    private static readonly TimeSpan QuietAfterBurst = TimeSpan.FromMilliseconds(250);

    /// <summary>The writer closes its connection after this long without submits.</summary>
    private static readonly TimeSpan WriterIdleClose = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The writer's own connection (outside the pool, as its settings differ) with its statements
    /// prepared once. A larger page cache keeps the pages of the summary index that the rows are
    /// added to from one slice to the next instead of reading them again.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly SummaryRowWriter _values;
        private readonly SurveyDatabase _database;

        /// <summary>The statements run one by one, where the store does not batch (SQLite); null where it does.</summary>
        private readonly Statements? _statements;

        private const string ClaimSql = """
            UPDATE invitations SET status = 'completed', completed_at = @now, draft_answers = NULL, draft_page = NULL
            WHERE id = @invitation AND status <> 'completed'
            """;

        public const string OpenSql = """
            UPDATE invitations SET status = 'opened', opened_at = COALESCE(opened_at, @now)
            WHERE id = @invitation AND status IN ('created', 'sent', 'failed')
            """;

        public const string DraftSql = """
            UPDATE invitations
            SET draft_answers = @answers, draft_version = COALESCE(draft_version, @version),
                draft_page = COALESCE(@page, draft_page), status = 'started',
                opened_at = COALESCE(opened_at, @now), started_at = COALESCE(started_at, @now)
            WHERE id = @invitation AND status <> 'completed'
            """;

        private const string ResponseColumns = "id, questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at, values_pending";

        // Where statements go to a server together, the claim feeds the insert in one statement: no
        // response without its claim, and none when another instance claimed the invitation first.
        private static readonly string ClaimAndInsertSql = $"""
            WITH claimed AS ({ClaimSql} RETURNING id)
            INSERT INTO responses ({ResponseColumns})
            SELECT COALESCE(CAST(@id AS BIGINT), nextval(pg_get_serial_sequence('responses', 'id'))), @questionnaire, @version, CAST(@linked AS BIGINT),
                   @reference, @mode, @sector, @background, @answers, @submitted, FALSE
            FROM claimed
            RETURNING id
            """;

        /// <summary>The writer's statements prepared once, for a store where each runs on its own.</summary>
        private sealed class Statements(DbConnection connection) : IDisposable
        {
            public readonly PreparedStatement Claim = new(connection, ClaimSql, "now", "invitation");

            public readonly PreparedStatement Insert = new(connection, $"""
                INSERT INTO responses ({ResponseColumns})
                VALUES ({connection.Sql().IdOrNext("responses", "@id")}, @questionnaire, @version, @invitation, @reference, @mode, @sector, @background, @answers, @now, FALSE)
                RETURNING id
                """, "id", "questionnaire", "version", "invitation", "reference", "mode", "sector", "background", "answers", "now");

            public readonly PreparedStatement Open = new(connection, OpenSql, "now", "invitation");

            public readonly PreparedStatement Draft = new(connection, DraftSql, "answers", "version", "page", "now", "invitation");

            public void Dispose()
            {
                Claim.Dispose();
                Insert.Dispose();
                Open.Dispose();
                Draft.Dispose();
            }
        }

        private Writer(SurveyDatabase database, DbConnection connection)
        {
            _database = database;
            _connection = connection;
            _statements = connection.Sql().Batches ? null : new Statements(connection);
            _values = new SummaryRowWriter(connection);
        }

        /// <summary>
        /// The write-ahead log is copied into the database (a checkpoint) when the writer has a quiet
        /// moment, not every thousand pages in the middle of a burst, which held up the submits
        /// waiting behind that commit; past 80 MB of log it is copied anyway.
        /// </summary>
        public static async Task<Writer> OpenAsync(SurveyDatabase database) => new(database, await database.OpenWriterAsync());

        public void Checkpoint() => _database.Checkpoint(_connection);

        public async Task<object[]> StoreGroupAsync(IReadOnlyList<PendingWrite> batch)
        {
            var results = new object[batch.Count];
            using var tx = _connection.BeginRowLockedWrite();
            var now = DateTime.UtcNow;
            try
            {
                if (_statements is null)
                {
                    // One round trip for the whole group, then its summary rows, then the commit.
                    using var statements = new StatementBatch(_connection, tx);
                    var read = batch.Select(p => p.Stage(this, statements, now)).ToList();
                    var values = await statements.ExecuteAsync();
                    for (var i = 0; i < batch.Count; i++) results[i] = read[i](values[i]);
                    AddSummaryRows(batch, results, tx, now);
                    await tx.CommitAsync();
                }
                else
                {
                    // In the process: nothing to wait for that a thread could be given back for.
                    for (var i = 0; i < batch.Count; i++) results[i] = batch[i].Store(this, tx, now);
                    AddSummaryRows(batch, results, tx, now);
                    tx.Commit();
                }
                _values.Committed();
            }
            catch
            {
                _values.RolledBack();
                throw;
            }
            // A commit to a file deleted under the site goes nowhere: it is not acknowledged.
            if (!_database.IsThere()) throw new StoreUnavailableException("The database file is gone; the answers were not stored.");
            return results;
        }

        /// <summary>
        /// The summary row of each response the group stored, in the same transaction: one row per
        /// response, added at the end of its questionnaire's rows, made on the request's thread from
        /// the answers it validated (so never parsed again), here only given its codes.
        /// </summary>
        private void AddSummaryRows(IReadOnlyList<PendingWrite> batch, object[] results, DbTransaction tx, DateTime at)
        {
            for (var i = 0; i < batch.Count; i++)
                if (batch[i] is PendingSubmit p && results[i] is Outcome<SubmittedResponse> { IsOk: true } stored)
                    _values.Add(stored.Value!.ResponseId, p.QuestionnaireId, p.Summary, p.Mode, p.StoredAt(at));
            _values.Flush(tx);
        }

        public bool SaveDraft(DbTransaction tx, PendingDraft d, DateTime at) =>
            _statements!.Draft.Execute(tx, d.AnswersJson, d.Version, d.Page, at, d.InvitationId) == 1;

        public bool MarkOpened(DbTransaction tx, long invitationId, DateTime at) => _statements!.Open.Execute(tx, at, invitationId) > 0;

        public Outcome<SubmittedResponse> Store(DbTransaction tx, PendingSubmit p, DateTime at)
        {
            // A conflict changes nothing, so the other submits of the group are not affected.
            if (_statements!.Claim.Execute(tx, p.CompletedAt(at), p.InvitationId) == 0) return PendingSubmit.Receipt(null, "", at);
            var reference = NewReference();
            var id = _statements.Insert.Scalar(tx, p.ResponseId(), p.QuestionnaireId, p.Version, p.LinkedInvitation, reference, p.Mode, p.Sector,
                p.BackgroundJson, p.AnswersJson, p.StoredAt(at));
            return PendingSubmit.Receipt(id, reference, at);
        }

        public Func<object?, object> StageStore(StatementBatch batch, PendingSubmit p, DateTime at)
        {
            var reference = NewReference();
            batch.Add(ClaimAndInsertSql, ("now", p.CompletedAt(at)), ("invitation", p.InvitationId), ("id", p.ResponseId()),
                ("questionnaire", p.QuestionnaireId), ("version", p.Version), ("linked", p.LinkedInvitation), ("reference", reference),
                ("mode", p.Mode), ("sector", p.Sector), ("background", p.BackgroundJson), ("answers", p.AnswersJson), ("submitted", p.StoredAt(at)));
            return id => PendingSubmit.Receipt(id, reference, at);
        }

        public Task<int> WritePendingValuesAsync(DefinitionCache definitions) =>
            ResponseValues.WritePendingAsync(_connection, definitions, null, ResponseValues.PendingSlice, _values, skipTaken: true);

        public void Dispose()
        {
            _values.Dispose();
            _statements?.Dispose();
            _connection.Dispose();
        }
    }

    // A receipt reference a person can read out on the phone: no 0/O or 1/I to confuse.
    internal static string NewReference()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return "R-" + new string(RandomNumberGenerator.GetItems<char>(alphabet, 10));
    }
}
