import type { MiddlewareHandler } from "hono";

/**
 * The Content-Security-Policy of every response (CSP Level 3): scripts, styles and fetches only from
 * this origin (the page's script is `/assets/app.js`, its styles `/assets/app.css`; nothing inline),
 * SVG charts and images from here or `data:`, no plugins, no `<base>` rewriting, and no framing by
 * any other page (`frame-ancestors 'none'`, CSP3 §6.4.2 — clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff", // Fetch §3.7: no MIME sniffing of JSON or CBOR into script or HTML
  "x-frame-options": "DENY", // RFC 7034, for browsers without frame-ancestors
  "referrer-policy": "no-referrer", // avatar ids and queries stay out of other sites' logs
  "cross-origin-opener-policy": "same-origin",
};

/** Sets the security headers on every response of the app (routes may not remove them). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(HEADERS)) c.res.headers.set(k, v);
  };
}
