// The audit report's faces for people: the terminal summary, the per-follower CSV cells and the HTML page.
export { FOLLOWER_CSV_HEADER, followerCsvRow } from './follower-csv.ts';
export { renderHtmlReport } from './html/html-report.ts';
export { renderTextReport } from './text-report.ts';
