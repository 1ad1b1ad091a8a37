// The help texts of the `p100` command, one per command, printed by `--help`.
import { SANDBOX_WALKTHROUGH } from "./sandbox-walkthrough.js";

/** `p100 --help`. */
export const MAIN_HELP = `p100: tools for building against the P100 Partner API, from the installed p100-partner-sdk package.

Usage: p100 <command> [options]

Commands:
  mock [--port N] [--host H]       run a mock of the API on the spec shipped in this package (needs @stoplight/prism-cli)
  docs [--out FILE]                write the offline API reference page (one HTML file) and print its path
  webhook list                     list the webhook kinds with the path each one is delivered to
  webhook send <kind> --to <url>   deliver a webhook to your receiver exactly as P100 does, and show its answer
  sandbox [--port N]               run a stateful in-memory stand-in of the API that also sends webhooks (not P100)
  verify --external-user-id <id>   check the spec against your staging: which paths exist, which answers differ

Options:
  -h, --help                       help of p100 or of a command (p100 <command> --help)
  -v, --version                    print the version of p100-partner-sdk

Exit codes: 0 success, 1 the command failed, 2 the command line is wrong.`;

/** `p100 mock --help`. */
export const MOCK_HELP = `Usage: p100 mock [--port N] [--host H]

Runs the Prism mock server on the OpenAPI spec shipped in this package (p100-partner-sdk/openapi.json), so that
your code can call createP100Client({ apiKey: "any", baseUrl: "http://127.0.0.1:4010" }) without the real API.
Ctrl-C stops it. Any x-api-key value is accepted; a documented error is served on request, e.g. the header
"Prefer: code=400, example=P411".

Prism is an optional peer dependency: install it in your project with
  npm install --save-dev @stoplight/prism-cli@5.14.2

Options:
  -p, --port N    port to listen on (default 4010)
      --host H    address to listen on (default 127.0.0.1, this machine only)`;

/** `p100 sandbox --help`. */
export const SANDBOX_HELP = `Usage: p100 sandbox [--port N] [--host H] [--webhook-url URL] [--token TOKEN] [--api-key KEY] [--state FILE] [--seed N]

Runs the sandbox of p100-partner-sdk/sandbox on loopback: a stateful, in-memory stand-in of the P100 Partner API
(users, balances, exchanges, transfers, cards...) that sends webhooks as P100 does, with retries. It is not P100:
every answer carries x-p100-sandbox: true. It prints its URL, API key and webhook token, logs one line per call and
per delivery, and stops on Ctrl-C. node_modules/p100-partner-sdk/docs/sandbox.md lists each rule and the fact it
rests on.

Options:
  -p, --port N           port to listen on (default 4010; 0 picks a free one)
      --host H           address to listen on (default 127.0.0.1, this machine only)
      --webhook-url URL  your receiver's base URL; webhooks go to URL + each kind's path
      --token TOKEN      the webhook token sent in Authorization (default: a random one, printed)
      --api-key KEY      the x-api-key the sandbox accepts (default sandbox-api-key)
      --state FILE       load the state from FILE and save it there (atomically) while running and on exit
      --seed N           seed for deterministic ids

Control API (beside the API, same x-api-key; answers {"result": ...}, or {"error", "message"} with a 4xx):
  POST /_sandbox/simulate/<name>   body: a JSON array of the call's arguments, e.g. ["user-1"]; names: kycApproved,
                                   kycRejected, poaDecided, sepaDeposit, cryptoDeposit, cardTransaction, ... (GET
                                   /_sandbox/ lists every call)
  POST /_sandbox/advance [ms]      move the virtual clock; POST /_sandbox/settle waits for webhook answers
  POST /_sandbox/reset             start over with an empty sandbox
  GET  /_sandbox/now | deliveries | events | ledger | state
From TypeScript: connectSandbox({ baseUrl, apiKey }) from p100-partner-sdk/sandbox, the same calls as in process.
KYC method B's page (GET /v1/kyc/verification/{externalUserId}/{verificationId}) opens in a browser without a key
and offers Approve / Reject.

A whole flow with curl alone (bash; URL and KEY default to the values above):

${SANDBOX_WALKTHROUGH}`;

/** `p100 docs --help`. */
export const DOCS_HELP = `Usage: p100 docs [--out FILE]

Writes the API reference (every operation with a TypeScript call of this SDK, every webhook with its handler) as one
self-contained HTML page that works offline, and prints its path.

Options:
  -o, --out FILE  where to write the page (default ./p100-api-docs.html)`;

/** `p100 webhook --help`. */
export const WEBHOOK_HELP = `Usage: p100 webhook list
       p100 webhook send <kind> --to <url> --token <token> [--data file.json] [--example NAME] [--path P]

Subcommands:
  list    the webhook kinds, the path each is delivered to by default, and what it reports
  send    deliver one webhook to your receiver as P100 does (p100 webhook send --help)`;

/** `p100 webhook list --help`. */
export const WEBHOOK_LIST_HELP = `Usage: p100 webhook list

Lists every webhook kind of the spec, its default path (where createNodeWebhookHandler and createFetchWebhookHandler
expect it) and its summary.`;

/** `p100 webhook send --help`. */
export const WEBHOOK_SEND_HELP = `Usage: p100 webhook send <kind> --to <url> --token <token> [--data file.json] [--example NAME] [--path P] [--timeout S]

Delivers a webhook exactly as P100 does: POST, Content-Type application/json, the plain token in the Authorization
header, to the receiver's base URL plus the kind's default path. Prints the receiver's status and body; exits 1 when
the receiver does not answer 2xx.

Arguments:
  <kind>            a webhook kind (p100 webhook list), e.g. cryptoDeposit

Options:
      --to URL      your receiver's base URL, e.g. http://127.0.0.1:3000 (the kind's path is appended)
      --token T     the Webhook Security Token your receiver expects (default: $P100_WEBHOOK_TOKEN)
      --data FILE   send this JSON file as the payload instead of the spec's example
      --example N   which of the spec's examples of the kind to send (default: the first one)
      --path P      deliver to this path instead of the kind's default path
      --timeout S   seconds to wait for the receiver's whole answer (default 10); exits 1 when it runs out`;

/** `p100 verify --help`. */
export const VERIFY_HELP = `Usage: P100_API_KEY=<staging key> p100 verify --external-user-id <id> [options]

Checks the spec shipped in this package against your STAGING environment: it sends every read (GET) operation,
classifies each (path confirmed, answer differs from the spec field by field, path not found, auth refused) and writes
a report in Markdown and JSON with the spec changes the answers suggest and their evidence. For a path the server
does not know, it tries the paths given with --try and a few guessed variants (GET only), and prints the
createP100Client({ paths }) override that makes the typed method use the path that answered.
It refuses production, never prints the key, and replaces every value of an answer by its type in the report
(codes such as statuses and currencies excepted), so the report can be sent to the maintainers.

Options:
      --external-user-id ID   a staging user of yours (or P100_EXTERNAL_USER_ID); user operations need one
      --param NAME=VALUE      a parameter value (cardId, transferId, page...); repeatable. Ids are also taken
                              from earlier answers (a user's card list gives a cardId)
      --try OPERATION=PATH    another path to try when the spec's is not found, e.g.
                              --try listUserTransactions=/v1/transactions/{externalUserId}; repeatable
      --only OPERATION[,...]  verify only these operations
      --base-url URL          default https://partner-api-stage.p100.io (production is refused)
  -o, --out NAME              report files NAME.md and NAME.json (default ./p100-verify-report)
      --spec FILE             verify another bundled spec (default: the one shipped in this package)
      --probe-writes          also send each INFERRED write (POST, PATCH, DELETE) once, with the body {} and path
                              parameters set to a value no resource has, to tell "no such path" (404) from a
                              refusal of the body (the path exists). Staging only. Each probe is listed first and
                              sent only after you type yes. Writes whose empty body would be valid are not probed.
  -y, --yes                   send the listed write probes without asking

Exit codes: 0 report written, 1 no operation got a conclusive answer (or the command failed), 2 wrong command line.`;
