// A small program using the generated TypeScript client (build/clients/typescript, from `make clients`).
//
// It lists the users, runs a Summary report, runs a CSV export (case_details), polls getReportStatus
// until the export is complete, downloads the CSV file, and shows what a documented error looks like.
// It prints one JSON object describing what it saw (tests/test_clients_other_langs.py checks it).
//
//   node_modules/.bin/tsc -p clients/ts-example
//   node build/ts-example/clients/ts-example/main.js --base-url http://127.0.0.1:8080 --token <token>

import {
    type ApiError,
    Configuration,
    type ExportJob,
    type ReportResult,
    ReportsApi,
    ResponseError,
    type RunReportRequest,
    type SummaryReport,
    UsersApi,
} from "../../build/clients/typescript/src/index";

interface Options {
    baseUrl: string;
    token: string;
    maxPolls: number;
    pollIntervalMs: number;
}

function parseArgs(argv: string[]): Options {
    const options: Options = {
        baseUrl: "http://127.0.0.1:8080",
        token: "12345678-1234-1234-1234-123456789",
        maxPolls: 100,
        pollIntervalMs: 100,
    };
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (value === undefined) throw new Error(`missing value after ${flag}`);
        if (flag === "--base-url") options.baseUrl = value.replace(/\/+$/, "");
        else if (flag === "--token") options.token = value;
        else if (flag === "--max-polls") options.maxPolls = Number(value);
        else if (flag === "--poll-interval-ms") options.pollIntervalMs = Number(value);
        else throw new Error(`unknown option ${flag}`);
    }
    return options;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// runReport answers a union (ReportResult); the request's `type` decides which member it is.
async function runReport<T extends ReportResult>(api: ReportsApi, request: RunReportRequest): Promise<T> {
    return (await api.runReport({ runReportRequest: request })) as T;
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    // The spec's servers name https://api.lexer.io/v1; point the client at the mock instead.
    const config = new Configuration({ basePath: `${options.baseUrl}/v1`, apiKey: options.token });
    const users = new UsersApi(config);
    const reports = new ReportsApi(config);
    const period = { date_from: "2018-04-01T00:00:00Z", date_to: "2018-04-30T23:59:59Z" };

    const userList = await users.listUsers();

    const summary = await runReport<SummaryReport>(reports, { type: "summary", ...period });

    let job = await runReport<ExportJob>(reports, { type: "case_details", ...period });
    const { token, status: firstStatus } = job;
    let polls = 0;
    while (job.status !== "complete") {
        if (polls >= options.maxPolls) throw new Error(`export ${token} still ${job.status} after ${polls} polls`);
        await sleep(options.pollIntervalMs);
        job = await reports.getReportStatus({ token });
        polls += 1;
    }
    if (job.url === null) throw new Error(`export ${token} is complete but has no url`);
    // The url is where the CSV file is; it is a plain download (no API token).
    const csvUrl = new URL(job.url, options.baseUrl).toString();
    const csvResponse = await fetch(csvUrl);
    const csv = await csvResponse.text();
    const csvLines = csv.split(/\r?\n/).filter((line) => line.length > 0);

    // A documented error: a date range longer than 12 months answers 400 with an ApiError body.
    let error: { status: number; body: ApiError } | null = null;
    try {
        await reports.runReport({
            runReportRequest: { type: "summary", date_from: "2016-01-01T00:00:00Z", date_to: "2018-01-01T00:00:00Z" },
        });
    } catch (caught) {
        if (!(caught instanceof ResponseError)) throw caught;
        error = { status: caught.response.status, body: (await caught.response.json()) as ApiError };
    }

    const result = {
        users: userList.length,
        first_user_email: userList[0]?.email ?? null,
        summary,
        export: {
            token,
            first_status: firstStatus,
            polls,
            status: job.status,
            url: job.url,
            csv_status: csvResponse.status,
            csv_content_type: csvResponse.headers.get("content-type"),
            csv_header: csvLines[0] ?? null,
            csv_lines: csvLines.length,
        },
        error,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(async (caught: unknown) => {
    if (caught instanceof ResponseError) {
        const body = await caught.response.text();
        process.stderr.write(`HTTP ${caught.response.status} from ${caught.response.url}: ${body}\n`);
    } else {
        process.stderr.write(`${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}\n`);
    }
    process.exitCode = 1;
});
