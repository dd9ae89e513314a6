import type { Reason } from '@smsgw/core';
import { findLinks } from './links.js';

const EMOJI = /\p{Extended_Pictographic}/gu;

/** Accessibility findings (COMPLIANCE.md): advisories unless the tenant makes them block. */
export function accessibilityFindings(body: string, brandName: string): Reason[] {
  const findings: Reason[] = [];
  const withoutBrand = body
    .replace(new RegExp(brandName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '')
    .replace(/\bSTOP\b/g, '');
  const letters = withoutBrand.match(/\p{L}/gu) ?? [];
  const upper = withoutBrand.match(/\p{Lu}/gu) ?? [];
  if (letters.length >= 12 && upper.length / letters.length > 0.7) {
    findings.push({
      code: 'ALL_CAPS',
      message: 'mostly capital letters are hard to read and read as shouting by screen readers',
    });
  }
  const emoji = body.match(EMOJI)?.length ?? 0;
  const words = body.split(/\s+/).filter(Boolean).length;
  if (emoji >= 5 || (emoji >= 3 && emoji * 3 > words)) {
    findings.push({
      code: 'EMOJI_HEAVY',
      message: `${emoji} emoji: screen readers read each one aloud`,
    });
  }
  const links = findLinks(body);
  if (links.length > 0) {
    const rest = links
      .reduce((text, link) => text.replace(link, ''), withoutBrand)
      .replace(/[^\p{L}\s]/gu, ' ');
    if (rest.split(/\s+/).filter((w) => w.length > 1).length < 3) {
      findings.push({
        code: 'LINK_WITHOUT_CONTEXT',
        message: 'a link with no words saying where it goes',
      });
    }
  }
  return findings;
}
