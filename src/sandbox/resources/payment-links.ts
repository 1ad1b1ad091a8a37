// Payment links and hosted checkouts: created PENDING; a simulated payment marks them PAID, credits the partner's
// EUR balance and emits the Payment Link webhook (statuses beyond the documented example are inferred).
import type { SandboxCore } from "../core.js";
import { validationError } from "../errors.js";
import { formatMinor, toMinor } from "../money.js";
import type { Handlers } from "../router.js";

/** Where the sandbox's payment pages would be (a reserved domain: nothing is served there). */
const PAY_BASE_URL = "https://pay.sandbox.p100-partner-sdk.invalid";

function create(core: SandboxCore, body: Record<string, unknown> | undefined, kind: "link" | "checkout") {
  core.cite("SBX-LNK-1");
  const eur = core.currency("eur");
  const amount = core.amount(body?.amount, eur);
  const paymentLinkId = core.id();
  const url = `${PAY_BASE_URL}/${kind}/${paymentLinkId}`;
  core.put("paymentLinks", paymentLinkId, {
    paymentLinkId,
    url,
    amount: formatMinor(amount, eur.scale),
    status: "PENDING",
    kind,
  });
  return { paymentLinkId, url };
}

/** Handlers of the payment link operations. */
export const paymentLinkHandlers = {
  createPaymentLink: (core, { body }) => create(core, body, "link"),
  createHostedCheckout: (core, { body }) => create(core, body, "checkout"),
  getPaymentLinkDetails(core, { params }) {
    const link = core.state.paymentLinks.get(params.paymentLinkId as string);
    core.cite("SBX-LNK-1", "SBX-ID-2");
    if (!link) throw validationError("paymentLinkId does not exist");
    const { kind: _kind, ...view } = link;
    return view;
  },
} satisfies Handlers;

/** A payer paid a link: PAID, the partner's EUR balance credited, the webhook emitted. */
export function simulatePaymentLinkPaid(core: SandboxCore, paymentLinkId: string): void {
  const link = core.state.paymentLinks.get(paymentLinkId);
  if (!link) throw validationError("paymentLinkId does not exist");
  if (link.status !== "PENDING") throw new Error(`payment link ${paymentLinkId} is ${String(link.status)}`);
  core.move(
    [{ owner: "partner", currency: "eur", delta: toMinor(String(link.amount), 2) }],
    "paymentLink",
    paymentLinkId,
  );
  link.status = "PAID";
  core.emit("paymentLink", { paymentLinkId, status: "PAID" }, ["SBX-LNK-1"]);
}

/** A payment link expired unpaid (inferred status). */
export function simulatePaymentLinkExpired(core: SandboxCore, paymentLinkId: string): void {
  const link = core.state.paymentLinks.get(paymentLinkId);
  if (!link) throw validationError("paymentLinkId does not exist");
  if (link.status !== "PENDING")
    throw new Error(`payment link ${paymentLinkId} is ${String(link.status)}: a final status never changes`);
  link.status = "EXPIRED";
  core.emit("paymentLink", { paymentLinkId, status: "EXPIRED" }, ["SBX-LNK-1"]);
}
