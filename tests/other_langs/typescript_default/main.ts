// A user's program on typescript-fetch's output with DEFAULT options from the codegen edition
// (build/openapi.codegen.yaml), against the mock: all 5 operations and all 15 report types. Each
// answer is decoded with the generator's own model decoder (XFromJSON, runReport's answer being the
// untyped JSON of the edition), encoded again with XToJSON, and printed next to the body received
// (tests/other_langs/test_codegen_edition.py compares them). A report that fails is recorded with its
// error, so the same program measures the generator on openapi.yaml itself.
//
//   node build/other_langs/typescript_default/tests/other_langs/typescript_default/main.js ROOT TOKEN [--date-objects]

import * as gen from "../../../build/other_langs/typescript-fetch-default/index";

const [root, token, dates] = process.argv.slice(2);
if (!root || !token) throw new Error("usage: main.js ROOT TOKEN [--date-objects]");
// On openapi.yaml itself date-times are Date objects in requests; in the edition they are strings.
const when = (text: string): unknown => (dates === "--date-objects" ? new Date(text) : text);

let lastBody = "";
const fetchApi: gen.FetchAPI = async (input, init) => {
    const response = await fetch(input, init);
    lastBody = await response.clone().text();
    return response;
};
const config = new gen.Configuration({ basePath: `${root}/v1`, apiKey: token, fetchApi });
const reports = new gen.ReportsApi(config);
const calls: { name: string; raw: string; decoded: string | null; error?: string }[] = [];
const record = (name: string, encoded: unknown) => calls.push({ name, raw: lastBody, decoded: JSON.stringify(encoded) });

type Codec = [(json: any) => unknown, (value: any) => unknown];
const list = ([from, to]: Codec): Codec => [(json) => json.map(from), (value) => value.map(to)];
const map = ([from, to]: Codec): Codec => [
    (json) => Object.fromEntries(Object.entries(json).map(([k, v]) => [k, (v as any[]).map(from)])),
    (value) => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (v as any[]).map(to)])),
];
// The model each request's `x-lexer-response` names, with the generator's decoder and encoder.
const codecs: Record<string, Codec> = {
    summary: [gen.SummaryReportFromJSON, gen.SummaryReportToJSON],
    states_volume: map([gen.StatesVolumePointFromJSON, gen.StatesVolumePointToJSON]),
    workflow_states: list([gen.WorkflowStatesRowFromJSON, gen.WorkflowStatesRowToJSON]),
    classifications: list([gen.ClassificationsRowFromJSON, gen.ClassificationsRowToJSON]),
    response_volume: [gen.ResponseVolumeReportFromJSON, gen.ResponseVolumeReportToJSON],
    user_summary: list([gen.UserSummaryRowFromJSON, gen.UserSummaryRowToJSON]),
    user_volume: list([gen.UserVolumeRowFromJSON, gen.UserVolumeRowToJSON]),
    case_summary: [gen.CaseSummaryReportFromJSON, gen.CaseSummaryReportToJSON],
    case_volume: [gen.CaseVolumeReportFromJSON, gen.CaseVolumeReportToJSON],
    case_classifications: list([gen.CaseClassificationsRowFromJSON, gen.CaseClassificationsRowToJSON]),
    case_details: [gen.ExportJobFromJSON, gen.ExportJobToJSON],
    nps_summary: [gen.NpsSummaryReportFromJSON, gen.NpsSummaryReportToJSON],
    nps_volume: list([gen.NpsVolumeRowFromJSON, gen.NpsVolumeRowToJSON]),
    nps_submissions: [gen.ExportJobFromJSON, gen.ExportJobToJSON],
    mention_sla_export: [gen.ExportJobFromJSON, gen.ExportJobToJSON],
};

async function main(): Promise<void> {
    record("listUsers", (await new gen.UsersApi(config).listUsers()).map(gen.UserToJSON));
    record("listGroups", (await new gen.GroupsApi(config).listGroups()).map(gen.GroupToJSON));
    const forms = await new gen.FormsApi(config).listForms();
    record("listForms", forms.map(gen.FormToJSON));
    const form = forms.filter((f) => f.nps).at(-1)!.id;
    const period = { dateFrom: when("2018-04-01T00:00:00Z"), dateTo: when("2018-04-30T23:59:59Z") };
    let token = "";
    for (const [type, [from, to]] of Object.entries(codecs)) {
        const nps = type.startsWith("nps_") ? { form, npsCategory: "all" } : {};
        const request = { type, ...period, ...nps } as unknown as gen.RunReportRequest;
        try {
            const answer = from(await reports.runReport({ runReportRequest: request }));
            record(type, to(answer));
            if (type === "case_details") token = (answer as gen.ExportJob).token;
        } catch (caught) {
            // Counted, not fatal: the test measures the generator on openapi.yaml as well.
            calls.push({ name: type, raw: lastBody, decoded: null, error: String(caught) });
        }
    }
    try {
        record("getReportStatus", gen.ExportJobToJSON(await reports.getReportStatus({ token })));
    } catch (caught) {
        calls.push({ name: "getReportStatus", raw: lastBody, decoded: null, error: String(caught) });
    }
    let error: { status: number; body: unknown } | null = null;
    try {
        const tooLong = { type: "summary", dateFrom: when("2016-01-01T00:00:00Z"), dateTo: when("2018-01-01T00:00:00Z") };
        await reports.runReport({ runReportRequest: tooLong as unknown as gen.RunReportRequest });
    } catch (caught) {
        if (!(caught instanceof gen.ResponseError)) throw caught;
        error = { status: caught.response.status, body: await caught.response.json() };
    }
    process.stdout.write(`${JSON.stringify({ calls, error })}\n`);
}

main().catch((caught: unknown) => {
    process.stderr.write(`${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}\n`);
    process.exitCode = 1;
});
