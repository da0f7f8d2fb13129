// Drives the kit's TypeScript client (build/clients/typescript, from `make clients`) against the mock.
//
// Calls all 5 operations and all 15 report types through the typed layer, waits for and downloads
// the 3 exports, meets a real 400, 401, 404 and 429, and prints one JSON object: every answer's body
// as received next to the decoded value serialised again (tests/other_langs/test_typescript.py
// compares them and checks the rest).
//
//   node build/other_langs/typescript/main.js ROOT TOKEN OTHER_TOKEN

import {
    type ApiError,
    type CaseClassificationsRow,
    type CaseSummaryReport,
    type CaseVolumeReport,
    type ClassificationsRow,
    type ExportJob,
    type FetchAPI,
    LexerApiError,
    LexerClient,
    type NpsSummaryReport,
    type NpsVolumeRow,
    REPORT_TYPES,
    type ResponseVolumeReport,
    type StatesVolumePoint,
    type SummaryReport,
    type UserSummaryRow,
    type UserVolumeRow,
    type WorkflowStatesRow,
} from "lexer-activity-client";

interface Call {
    name: string;
    raw: string;
    decoded: string;
}

const [root, token, otherToken] = process.argv.slice(2);
if (!root || !token || !otherToken) throw new Error("usage: main.js ROOT TOKEN OTHER_TOKEN");

// The body of the last answer, as received (a fetch that keeps a copy).
let lastBody = "";
const recordingFetch: FetchAPI = async (input, init) => {
    const response = await fetch(input, init);
    lastBody = await response.clone().text();
    return response;
};

const calls: Call[] = [];
function record<T>(name: string, value: T): T {
    calls.push({ name, raw: lastBody, decoded: JSON.stringify(value) });
    return value;
}

function client(apiToken: string): LexerClient {
    return new LexerClient({
        token: apiToken,
        baseUrl: `${root}/v1`,
        statusBaseUrl: `${root}/api/public/v1`,
        fetchApi: recordingFetch,
    });
}

async function expectError(run: () => Promise<unknown>): Promise<LexerApiError> {
    try {
        await run();
    } catch (caught) {
        if (caught instanceof LexerApiError) return caught;
        throw caught;
    }
    throw new Error("expected an error answer");
}

const describe = (error: LexerApiError) => ({
    status: error.status,
    body: error.body satisfies ApiError | null,
    retry_after: error.retryAfter,
    raw: error.rawBody,
});

async function main(): Promise<void> {
    const lexer = client(token);
    const period = { date_from: "2018-04-01T00:00:00Z", date_to: "2018-04-30T23:59:59Z" };

    record("listUsers", await lexer.listUsers());
    record("listGroups", await lexer.listGroups());
    const forms = record("listForms", await lexer.listForms());
    // The last NPS survey (the fixture's first has no submissions in April 2018).
    const form = forms.filter((f) => f.nps).at(-1)?.id;
    if (form === undefined) throw new Error("no NPS form");
    const nps = { ...period, form, nps_category: "all" as const };

    // Each answer's type is fixed by the request's `type`: these annotations are checked by tsc.
    const summary: SummaryReport = record("summary", await lexer.runReport({ type: "summary", ...period }));
    const states: { [key: string]: StatesVolumePoint[] } = record(
        "states_volume",
        await lexer.runReport({ type: "states_volume", ...period }),
    );
    const workflow: WorkflowStatesRow[] = record("workflow_states", await lexer.workflowStates(period));
    const classifications: ClassificationsRow[] = record(
        "classifications",
        await lexer.runReport({ type: "classifications", ...period }),
    );
    const responseVolume: ResponseVolumeReport = record("response_volume", await lexer.responseVolume(period));
    const userSummary: UserSummaryRow[] = record("user_summary", await lexer.userSummary(period));
    const userVolume: UserVolumeRow[] = record("user_volume", await lexer.userVolume(period));
    const caseSummary: CaseSummaryReport = record("case_summary", await lexer.caseSummary(period));
    const caseVolume: CaseVolumeReport = record("case_volume", await lexer.caseVolume(period));
    const caseClassifications: CaseClassificationsRow[] = record(
        "case_classifications",
        await lexer.caseClassifications(period),
    );
    const npsSummary: NpsSummaryReport = record("nps_summary", await lexer.npsSummary(nps));
    const npsVolume: NpsVolumeRow[] = record("nps_volume", await lexer.runReport({ type: "nps_volume", ...nps }));
    // @ts-expect-error: a summary request answers SummaryReport, not CaseSummaryReport.
    const wrong: CaseSummaryReport = await lexer.runReport({ type: "summary", ...period });
    void wrong;
    void [summary, states, workflow, classifications, responseVolume, userSummary, userVolume];
    void [caseSummary, caseVolume, caseClassifications, npsSummary, npsVolume];

    const exports = [];
    const jobs: [string, ExportJob][] = [
        ["case_details", record("case_details", await lexer.caseDetails(period))],
        ["nps_submissions", record("nps_submissions", await lexer.runReport({ type: "nps_submissions", ...nps }))],
        ["mention_sla_export", record("mention_sla_export", await lexer.mentionSlaExport(period))],
    ];
    for (const [type, job] of jobs) {
        let polls = 0;
        const complete = await lexer.waitForExport(job, {
            pollIntervalMs: 100,
            onPoll: (event) => {
                polls += 1;
                record("getReportStatus", event.job);
            },
        });
        const csv = await lexer.downloadCsv(complete);
        exports.push({ type, first_status: job.status, token: job.token, polls, url: complete.url, csv });
    }
    const status = record("getReportStatus", await lexer.getReportStatus(jobs[0]![1].token));

    const errors: Record<string, ReturnType<typeof describe>> = {};
    const tooLong = { type: "summary", date_from: "2016-01-01T00:00:00Z", date_to: "2018-01-01T00:00:00Z" } as const;
    errors["400"] = describe(await expectError(() => lexer.runReport(tooLong)));
    errors["401"] = describe(await expectError(() => client("not-a-token").listUsers()));
    errors["404"] = describe(await expectError(() => lexer.getReportStatus("no-such-export")));

    // A real 429: the other token's limit used up, then an export of that token waited for.
    const other = client(otherToken);
    const otherJob = await other.caseDetails(period);
    let limited: LexerApiError | null = null;
    for (let i = 0; i < 1000 && limited === null; i++) {
        try {
            await other.listForms();
        } catch (caught) {
            if (!(caught instanceof LexerApiError)) throw caught;
            limited = caught;
        }
    }
    if (limited === null) throw new Error("no 429 after 1000 requests");
    errors["429"] = describe(limited);
    const waitEvents: { status: number | null; job_status: string | null; wait_ms: number }[] = [];
    const otherComplete = await other.waitForExport(otherJob, {
        pollIntervalMs: 100,
        onPoll: (event) =>
            waitEvents.push({
                status: event.error?.status ?? null,
                job_status: event.job?.status ?? null,
                wait_ms: event.waitMs,
            }),
    });

    process.stdout.write(
        `${JSON.stringify({
            report_types: REPORT_TYPES,
            calls,
            exports,
            status,
            errors,
            wait_after_429: { events: waitEvents, status: otherComplete.status },
        })}\n`,
    );
}

main().catch((caught: unknown) => {
    process.stderr.write(`${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}\n`);
    process.exitCode = 1;
});
