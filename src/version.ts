/** The version of this SDK, sent in the User-Agent header (a test keeps it equal to package.json's). */
export const SDK_VERSION = "0.2.0";
