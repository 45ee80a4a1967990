// The user's presets in storage.local (see presets/user-presets.ts for the format and the rules), and
// the entries every scan chooses from. Only the background writes them, one change at a time, so two
// quick saves from the options page cannot overwrite each other.
import type { PresetEntry } from '../../shared/presets/index.js';
import { BUILTIN_PRESETS } from '../../shared/presets/index.js';
import { presetEntries } from '../presets/entries.js';
import {
  checkedPreset,
  deletePreset,
  importPresets,
  readStoredPresets,
  savePreset,
  storedId,
  USER_PRESETS_KEY,
  type StoredPresets,
} from '../presets/user-presets.js';
import type { PresetsView } from '../view-types.js';

/** The part of a storage area the store uses (browser.storage.local, or a Map in tests). */
export interface PresetStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export class PresetStore {
  private stored: Promise<StoredPresets> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: PresetStorage) {}

  private load(): Promise<StoredPresets> {
    this.stored ??= this.area.get(USER_PRESETS_KEY).then((found) => readStoredPresets(found[USER_PRESETS_KEY]));
    return this.stored;
  }

  /** Forget the cached list (storage changed behind the store's back, e.g. another window's sync). */
  invalidate(): void {
    this.stored = undefined;
  }

  async view(): Promise<PresetsView> {
    const { presets, problems } = await this.load();
    return { builtin: [...BUILTIN_PRESETS], user: presets, problems };
  }

  /** Built-ins merged with the user's presets: what scans choose from. */
  async entries(): Promise<PresetEntry[]> {
    return presetEntries((await this.load()).presets);
  }

  save(value: unknown, previousId?: string): Promise<PresetsView> {
    return this.change((list) => ({ list: savePreset(list, checkedPreset(value), previousId) }));
  }

  import(values: unknown[]): Promise<PresetsView & { added: string[]; replaced: string[] }> {
    return this.change((list) => importPresets(list, values.map(checkedPreset)));
  }

  delete(id: string): Promise<PresetsView> {
    return this.change((list) => ({ list: deletePreset(list, id) }), id);
  }

  /** Applies one change to the list and writes it; `dropInvalid` also removes unusable stored entries with that id. */
  private change<T extends { list: StoredPresets['presets'] }>(
    apply: (list: StoredPresets['presets']) => T,
    dropInvalid?: string,
  ): Promise<PresetsView & Omit<T, 'list'>> {
    const run = this.queue.then(async () => {
      const current = await this.load();
      const { list, ...rest } = apply(current.presets);
      const invalid = current.invalid.filter((value) => dropInvalid === undefined || storedId(value) !== dropInvalid);
      await this.area.set({ [USER_PRESETS_KEY]: [...list, ...invalid] });
      this.stored = Promise.resolve(readStoredPresets([...list, ...invalid]));
      return { ...(await this.view()), ...rest };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
