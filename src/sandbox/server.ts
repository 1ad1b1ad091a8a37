// The sandbox as a server that any process drives (what `p100 sandbox` runs): the emulated API, the control API under
// `/_sandbox/`, and KYC method B's page for browsers, on one port. It holds the current sandbox, so that `reset`
// can replace it with a fresh one made from the same options.
import { kycVerificationPageUrlBuilder } from "../kyc-page.js";
import { controlOf, type SandboxControl } from "./control.js";
import { createControlHandler, isControlPath } from "./control-http.js";
import { DEFAULT_TIMEOUTS, serve, type ListenOptions, type ServerTimeouts } from "./http.js";
import { createKycPageTokens, kycChoicePage, kycDecision, kycPagePath, KYC_DECISION_PATH } from "./kyc-page.js";
import { DEFAULTS, type SandboxOptions } from "./options.js";
import { createSandbox, type Sandbox } from "./sandbox.js";

/** Options of startSandboxServer: the sandbox's, where to listen, and the server's timeouts. */
export interface SandboxServerOptions extends SandboxOptions, ListenOptions {
  readonly timeouts?: ServerTimeouts;
}

/** A running sandbox server. */
export interface SandboxServer {
  /** Base URL, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  readonly apiKey: string;
  /** The current sandbox (a new one after each reset). */
  readonly sandbox: Sandbox;
  /** Its control surface, as the control API offers it. */
  readonly control: SandboxControl;
  /** Stops the server and waits for running deliveries. */
  close(): Promise<void>;
}

/** Starts the emulated API, the control API and the KYC page on one loopback port. */
export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  // `fresh`: the options of a reset, without the loaded state (a reset starts empty, as a new sandbox does).
  const { port, host, timeouts, initialState: _loaded, ...fresh } = options;
  const apiKey = options.apiKey ?? DEFAULTS.apiKey;
  let sandbox = createSandbox(options);
  const control = controlOf(() => sandbox, reset);
  async function reset(): Promise<void> {
    const previous = sandbox;
    sandbox = createSandbox(fresh);
    await previous.close();
  }
  const controlApi = createControlHandler(apiKey, control);
  const tokens = await createKycPageTokens();
  const pageUrl = kycVerificationPageUrlBuilder(sandbox.baseUrl);
  /**
   * The API's own answer for the page (with the key): 200 for a known verification, its documented errors otherwise;
   * undefined for ids that no URL can carry (".", "..", a lone surrogate).
   */
  const pageAnswer = async (externalUserId: string, verificationId: string): Promise<Response | undefined> => {
    let url: string;
    try {
      url = pageUrl({ externalUserId, verificationId });
    } catch {
      return undefined;
    }
    return sandbox.fetch(url, { headers: { "x-api-key": apiKey } });
  };

  /** Control calls and KYC decisions are logged through onCall like API calls (operationId undefined). */
  const logged = (request: Request, pathname: string, response: Response): Response => {
    try {
      options.onCall?.({
        method: request.method,
        path: pathname,
        operationId: undefined,
        status: response.status,
        errorCode: undefined,
      });
    } catch {
      // A broken logger must not change the answer.
    }
    return response;
  };

  async function dispatch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === KYC_DECISION_PATH && request.method === "POST") {
      const exists = async (user: string, verification: string) => (await pageAnswer(user, verification))?.ok === true;
      return logged(request, pathname, await kycDecision(request, tokens, control, exists));
    }
    if (isControlPath(pathname)) return logged(request, pathname, await controlApi(request));
    const kyc = request.method === "GET" ? kycPagePath(pathname) : undefined;
    const key = request.headers.get("x-api-key");
    // The page without a key (as a browser opens it) or with the right one; a wrong key gets the API's 401.
    if (kyc && (key === null || key === apiKey)) {
      const answer = await pageAnswer(kyc.externalUserId, kyc.verificationId);
      if (answer?.ok) return kycChoicePage(tokens, kyc.externalUserId, kyc.verificationId);
      if (answer) return answer;
    }
    return sandbox.fetch(request);
  }

  const running = await serve(
    dispatch,
    { ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}) },
    timeouts ?? DEFAULT_TIMEOUTS,
  );
  return {
    url: running.url,
    apiKey,
    get sandbox() {
      return sandbox;
    },
    control,
    async close() {
      await running.close();
      await sandbox.close();
    },
  };
}
