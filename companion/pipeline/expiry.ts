// Scrapy's expiry rule (FilesPipeline.media_to_download): a stored file is downloaded again when its
// age in days is strictly greater than the expiry. Exactly 90 days is up to date; a future mtime is up
// to date; 0 days means "download unless the mtime is now or later"; a negative expiry always downloads.

const SECONDS_PER_DAY = 60 * 60 * 24;

export function isExpired(lastModifiedSeconds: number, expiresDays: number, nowMs = Date.now()): boolean {
  const ageDays = (nowMs / 1000 - lastModifiedSeconds) / SECONDS_PER_DAY;
  return ageDays > expiresDays;
}
