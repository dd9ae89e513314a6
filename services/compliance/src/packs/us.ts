import type { CountryPackData } from './pack.js';

const areaCodes = (codes: string): string[] => codes.split(' ').map((c) => `+1${c}`);

/**
 * United States. Sources: TCPA rule 47 CFR 64.1200(c)(1) (no solicitation before 08:00 or after
 * 21:00 at the called party's location); state telephone-solicitation laws, applied to
 * marketing texts because most define solicitation to include text messages:
 * - Florida: Fla. Stat. 501.059(8)(a) (Florida Telephone Solicitation Act, 2021), 08:00–20:00.
 * - Oklahoma: Okla. Stat. tit. 15, 775C.4 (Telephone Solicitation Act of 2022), 08:00–20:00.
 * - Maryland: Md. Code, Com. Law 14-4503 (Stop the Spam Calls Act of 2023), 08:00–20:00.
 * - Washington: RCW 80.36.390, 08:00–20:00.
 * - Texas: Tex. Bus. & Com. Code 301.051, Mon–Sat 09:00–21:00, Sun 12:00–21:00.
 * - Connecticut: Conn. Gen. Stat. 42-288a as amended by Public Act 23-98, 09:00–20:00.
 * - Louisiana: La. R.S. 45:844.17, no solicitation on Sundays or state holidays, 08:00–20:00.
 * - Mississippi: Miss. Code 77-3-725, Mon–Sat 08:00–20:00, none on Sundays.
 * Area codes: NANPA assignments by state.
 */
export const US: CountryPackData = {
  country: 'US',
  version: '2026-12-01',
  review: 'pending',
  window: { 'every-day': '08:00-21:00' },
  regions: [
    {
      name: 'US-FL',
      prefixes: areaCodes(
        '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
      ),
      window: { 'every-day': '08:00-20:00' },
    },
    {
      name: 'US-OK',
      prefixes: areaCodes('405 539 572 580 918'),
      window: { 'every-day': '08:00-20:00' },
    },
    {
      name: 'US-MD',
      prefixes: areaCodes('227 240 301 410 443 667'),
      window: { 'every-day': '08:00-20:00' },
    },
    {
      name: 'US-WA',
      prefixes: areaCodes('206 253 360 425 509 564'),
      window: { 'every-day': '08:00-20:00' },
    },
    {
      name: 'US-TX',
      prefixes: areaCodes(
        '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
      ),
      window: { 'mon-sat': '09:00-21:00', sun: '12:00-21:00' },
    },
    {
      name: 'US-CT',
      prefixes: areaCodes('203 475 860 959'),
      window: { 'every-day': '09:00-20:00' },
    },
    {
      name: 'US-LA',
      prefixes: areaCodes('225 318 337 504 985'),
      window: { 'mon-sat': '08:00-20:00' },
      closedOnHolidays: true,
    },
    { name: 'US-MS', prefixes: areaCodes('228 601 662 769'), window: { 'mon-sat': '08:00-20:00' } },
  ],
};
