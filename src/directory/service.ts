// Countries and regions, from Magento's own directory data (see data.ts), with Magento's region ids.
import { ISO3 } from './iso3.ts';
import { COUNTRIES, OPTIONAL_ZIP_COUNTRIES, REGIONS, REGIONS_UNVERIFIED, STATE_REQUIRED_COUNTRIES, type Country, type Region } from './data.ts';

// Ids 1-604 are certain; the later patches' ids are Magento 2.4.7/2.4.8's best estimate (see data.ts).
const ALL_REGIONS: readonly Region[] = [...REGIONS, ...REGIONS_UNVERIFIED];

export class Directory {
  private readonly countries = new Map<string, Country>(COUNTRIES.map((c) => [c.id, c]));
  private readonly regionsById = new Map<number, Region>(ALL_REGIONS.map((r) => [r.id, r]));
  private readonly regionsByCountry = new Map<string, Region[]>();
  private readonly stateRequired = new Set(STATE_REQUIRED_COUNTRIES);
  private readonly zipOptional = new Set(OPTIONAL_ZIP_COUNTRIES);

  constructor() {
    for (const region of ALL_REGIONS) {
      const list = this.regionsByCountry.get(region.countryId) ?? [];
      list.push(region);
      this.regionsByCountry.set(region.countryId, list);
    }
  }

  country(id: string): Country | undefined {
    return this.countries.get(id);
  }

  /** The ISO 3166-1 alpha-3 code (directory_country.iso3_code). */
  iso3(id: string): string | null {
    return ISO3.get(id) ?? null;
  }

  allCountries(): readonly Country[] {
    return COUNTRIES;
  }

  regionsOf(countryId: string): readonly Region[] {
    return this.regionsByCountry.get(countryId) ?? [];
  }

  regionById(id: number): Region | undefined {
    return this.regionsById.get(id);
  }

  /** A country whose addresses must name one of its listed regions. */
  isRegionRequired(countryId: string): boolean {
    return this.stateRequired.has(countryId) && this.regionsOf(countryId).length > 0;
  }

  isPostcodeOptional(countryId: string): boolean {
    return this.zipOptional.has(countryId);
  }

  /** Finds a region of a country by code or name (case-insensitive), as Magento does for a region given as text. */
  findRegion(countryId: string, codeOrName: string): Region | undefined {
    const needle = codeOrName.trim().toLowerCase();
    return this.regionsOf(countryId).find((r) => r.code.toLowerCase() === needle || r.name.toLowerCase() === needle);
  }
}
