// The tool version in every audit record. Kept in step with package.json by a test.
export const TOOL_VERSION = '0.1.0';

/**
 * package.json's `repository` URL (kept in step by a test): rule links default to its
 * docs/rules/ at this version. None yet (there is no public repository), so by default only the
 * App, which serves the docs itself, links rules; the CLI and SARIF name them without a link.
 */
export const PACKAGE_REPOSITORY: string | undefined = undefined;
