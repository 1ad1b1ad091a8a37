// The ids of the sandbox's behaviour rules. Each id is a row of docs/sandbox.md, which gives the rule in full with
// the fact it rests on and that fact's confidence; every answer and every webhook delivery names the rules that
// decided it in the header `x-p100-sandbox-rules`, so a partner can look up whether a behaviour is documented or
// invented. The reminders here are comments (kept out of the bundle); docs/sandbox.md is the reference.

/** Every rule id of docs/sandbox.md (each with a one-line reminder here; the document has the rule, source and confidence). */
export const SANDBOX_RULES = [
  "SBX-API-1", // routes, validation and success statuses come from the spec
  "SBX-API-2", // 401 xo1 without a key, xo2 with another key
  "SBX-API-3", // a request breaking the spec gets P403 with the joined messages
  "SBX-API-4", // unknown path or method: 404 in the framework shape
  "SBX-API-5", // body over the size limit: 413
  "SBX-API-6", // simulate.serviceUnavailable: P501 before any state change
  "SBX-API-7", // an unexpected failure: P500
  "SBX-API-8", // simulate.rateLimited: 429 with Retry-After
  "SBX-API-9", // error bodies are the spec's documented examples
  "SBX-API-10", // a business code the operation's spec entry does not list is answered as P403 naming it
  "SBX-ID-1", // an unknown user is P412
  "SBX-ID-2", // an unknown record id with a documented not-found code gets it; otherwise P403
  "SBX-USR-1", // Create User stores the user without balances
  "SBX-USR-2", // P411 reused externalUserId, P464 phone, P465 email
  "SBX-USR-3", // forbidden countries: P431
  "SBX-USR-4", // hasAcceptedP100Tc must be true
  "SBX-USR-5", // externalUserId 'partner' is a user like any other, never the partner's account
  "SBX-USR-6", // update, suspend and unsuspend change later reads
  "SBX-USR-7", // suspend with an active card: P454
  "SBX-USR-8", // delete of a user holding money is refused
  "SBX-USR-9", // money operations of a suspended user: P455
  "SBX-USR-10", // money operations before balances exist: P459
  "SBX-KYC-1", // Method A files: type, size and count; kycFileAdded
  "SBX-KYC-2", // Method B verification, page and status
  "SBX-KYC-3", // simulate.kycApproved / kycRejected set the KYC outcome only
  "SBX-KYC-4", // Add User Verification after KYC approval generates the balances (userBalanceGeneration)
  "SBX-KYC-5", // POA files and decisions; POA is not a gate while the requirement is suspended
  "SBX-KYC-6", // poaRequiredForExtended for the legacy citizenship list
  "SBX-BAL-1", // amounts are integers of the currency's smallest unit
  "SBX-BAL-2", // every balance change has a ledger entry; no balance goes negative
  "SBX-BAL-3", // the partner starts active with its opening balances
  "SBX-BAL-4", // transaction history lists the ledger entries
  "SBX-BAL-5", // partner Create Wallet: wallet address and createWallet webhook
  "SBX-SEPA-1", // incoming SEPA to a user: IBAN Status name check, credit or refund
  "SBX-SEPA-2", // incoming SEPA to the partner: credited
  "SBX-SEPA-3", // deposits to a suspended user are not credited (returned to the sender)
  "SBX-SEPA-4", // deposit details and contact list
  "SBX-SEPA-5", // outgoing SEPA: accepted PENDING, final on the clock with its webhook
  "SBX-SEPA-6", // outgoing SEPA: insufficient funds surface as FAILED, not P433
  "SBX-SEPA-7", // payout level 1 (closed loop): only to the account holder's own whitelisted IBAN
  "SBX-SEPA-8", // simulate.sepaTransferFailed acts on a pending transfer only
  "SBX-TRF-1", // internal transfer: exactly one side; P424 when neither
  "SBX-TRF-2", // internal transfer: P433 when the source lacks the money
  "SBX-EXC-1", // exchange rates are the ratio of EUR prices
  "SBX-EXC-2", // a rate lock holds for lockLifetimeMs
  "SBX-EXC-3", // exchange: accepted PENDING, COMPLETED or FAILED on the clock
  "SBX-CRY-1", // crypto withdrawal: minimum, service fee, PENDING then SUCCESSFUL
  "SBX-CRY-2", // network fee is zero
  "SBX-CRY-3", // crypto deposits: minimum, travel rule, credit
  "SBX-CRY-4", // simulate.cryptoWithdrawalFailed acts on a pending withdrawal only
  "SBX-ORD-1", // order lock and order lifecycle
  "SBX-LNK-1", // payment links: PENDING, PAID, EXPIRED
  "SBX-CARD-1", // card creation conditions (P455, P459, P451)
  "SBX-CARD-2", // card creation limits: 5 per 24 h, 10 per 30 days, 20 per year; 10 held
  "SBX-CARD-3", // card data, list, details, limits, PIN, block, unblock, delete
  "SBX-CARD-4", // an unknown or another user's card: P434
  "SBX-CARD-5", // simulated card payments within limits
  "SBX-CARD-6", // 3DS and activation codes
  "SBX-FEE-1", // SEPA payout fee
  "SBX-FEE-2", // exchange fee
  "SBX-FEE-3", // crypto withdrawal service fee
  "SBX-FEE-4", // monthly card fee
  "SBX-FEE-5", // KYC verification fee billed at Method B creation
  "SBX-WH-1", // delivery: POST, JSON, Authorization token, the kind's path
  "SBX-WH-2", // retries after 8, 16, 32, 64 s
  "SBX-WH-3", // one attempt at a time, in due order
] as const;

/** A rule id of docs/sandbox.md. */
export type RuleId = (typeof SANDBOX_RULES)[number];

/** The header naming the rules that decided an answer or a delivery. */
export const RULES_HEADER = "x-p100-sandbox-rules";
