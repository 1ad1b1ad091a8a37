export const STAGING_URL: string;
export const PRODUCTION_URL: string;
export class VerifyLiveUsageError extends Error {}
export function isLoopback(url: URL): boolean;
export function resolveTarget(baseUrl?: string, options?: { forceProduction?: boolean }): { url: string; production: boolean };
