/**
 * HTML building blocks for notebook displays. Every piece of text that reaches the page goes
 * through {@link escapeHtml}: column names, cell values, query names and error messages may all
 * hold `<`, `&` or quotes (a Kafka value is arbitrary bytes).
 */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for an HTML element body or a quoted attribute value.
 *
 * @example
 * escapeHtml(`<b title="x">&</b>`); // "&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Shortens text to at most `maxChars` characters (an ellipsis included), never splitting a
 * surrogate pair; returns the text unchanged when it fits.
 *
 * @example
 * elide("abcdefghij", 5); // "abcd…"
 */
export function elide(text: string, maxChars: number): string {
  if (maxChars <= 0 || text.length <= maxChars) return text;
  let cut = Math.max(1, maxChars - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // do not leave half a surrogate pair
  return `${text.slice(0, cut)}…`;
}

/** `1234567` → `"1,234,567"`. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** Rates and durations, short: `0`, `12.5`, `1,234`. */
export function formatRate(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (n === 0) return "0";
  if (Math.abs(n) >= 100) return formatCount(Math.round(n));
  return n.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/**
 * The styles shared by Kindling's displays, scoped by class. JupyterLab keeps `<style>` in trusted
 * outputs (a notebook you ran is trusted); where it strips them the table still reads plainly.
 */
export const DISPLAY_STYLE = `<style>
.kindling-display{font-family:var(--jp-content-font-family,system-ui,sans-serif);font-size:13px;color:var(--jp-content-font-color1,#222)}
.kindling-display table.kd-table{border-collapse:collapse;margin:2px 0}
.kindling-display .kd-table th,.kindling-display .kd-table td{border:1px solid var(--jp-border-color2,#ddd);padding:2px 8px;text-align:left;vertical-align:top;white-space:pre}
.kindling-display .kd-table th{background:var(--jp-layout-color2,#f3f3f3);font-weight:600}
.kindling-display .kd-type{display:block;font-weight:400;font-size:11px;color:var(--jp-content-font-color2,#777)}
.kindling-display td.kd-num{text-align:right;font-variant-numeric:tabular-nums}
.kindling-display td.kd-null{color:var(--jp-content-font-color3,#999);font-style:italic}
.kindling-display .kd-elided{border-bottom:1px dotted currentColor;cursor:help}
.kindling-display .kd-caption{font-size:12px;color:var(--jp-content-font-color2,#666);margin:2px 0 6px}
.kindling-display .kd-error{color:#b00020;white-space:pre-wrap;font-family:var(--jp-code-font-family,monospace)}
.kindling-display .kd-progress-summary{white-space:pre-wrap}
.kindling-display .kd-metrics td{border:none;padding:1px 10px 1px 0;text-align:left}
.kindling-display .kd-metrics td.kd-label{color:var(--jp-content-font-color2,#666)}
</style>`;
