import { useState } from 'react';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/common/ConfirmDialog';
import { ErrorBox } from '../../components/common/ErrorBox';
import { FieldError } from '../../components/common/FieldError';
import type { LinkOptions, LinkSession, NetworkView, Preset, PresetsResult, Profile } from '../../link/desk';
import {
  type JourneyFormState,
  type JourneyId,
  applyPreset,
  emptyRow,
  hasDestinations,
  hasVerify,
  initialState,
  journeys,
  movesFunds,
  toOptions,
  toPreset,
  unparsable,
} from './form';

export interface JourneyFormProps {
  profile: Profile;
  networks: NetworkView[];
  presets: Preset[];
  /** Asks Go for a link token (CreateLinkToken). */
  createToken: (o: Partial<LinkOptions>) => Promise<LinkSession>;
  /** Runs with a token Go issued: opens Link. */
  onStarted: (s: LinkSession) => void;
  savePreset?: (p: Preset) => Promise<PresetsResult>;
  onPresetsChanged?: (ps: Preset[]) => void;
}

/** The "New transfer" form: a journey, its destinations and options, validated by Go field by
 * field; on production it asks before anything moves. */
export function JourneyForm({ profile, networks, presets, createToken, onStarted, savePreset, onPresetsChanged }: JourneyFormProps) {
  const [s, setS] = useState<JourneyFormState>(() => initialState(profile.defaultUserId));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [presetName, setPresetName] = useState('');
  const [presetNote, setPresetNote] = useState<string>();

  const set = <K extends keyof JourneyFormState>(k: K, v: JourneyFormState[K]) => setS((x) => ({ ...x, [k]: v }));
  const setRow = (i: number, k: keyof JourneyFormState['destinations'][number], v: string) =>
    setS((x) => ({ ...x, destinations: x.destinations.map((d, j) => (j === i ? { ...d, [k]: v, ...(k === 'networkId' ? { symbol: '' } : {}) } : d)) }));
  const netOf = (id: string) => networks.find((n) => n.id === id);

  const submit = async (confirmed: boolean) => {
    setConfirming(false);
    setFailure(undefined);
    const local = unparsable(s);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    if (profile.production && movesFunds(s.journey) && !confirmed) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    try {
      const res = await createToken(toOptions(s, confirmed));
      const fe = res.fieldErrors ?? {};
      setErrors(fe);
      if (Object.keys(fe).length === 0 && res.linkToken) onStarted(res);
    } catch (err) {
      setErrors({});
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const doSavePreset = async () => {
    if (!savePreset) return;
    setPresetNote(undefined);
    try {
      const res = await savePreset(toPreset(s, presetName));
      const fe = res.fieldErrors ?? {};
      setErrors(fe);
      if (Object.keys(fe).length === 0) {
        onPresetsChanged?.(res.presets);
        setPresetNote(`Saved preset “${presetName.trim()}”.`);
      }
    } catch (err) {
      setFailure(errorMessage(err));
    }
  };

  const dests = hasDestinations(s.journey);
  const payment = s.journey === 'payment' || s.journey === 'verify-payment';
  return (
    <form
      className="journey-form"
      aria-label="New transfer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
    >
      {presets.length > 0 && (
        <div className="row" data-testid="presets">
          <span className="muted">Presets:</span>
          {presets.map((p) => (
            <button type="button" key={p.name} onClick={() => setS((x) => applyPreset(x, p))} data-testid={`preset-${p.name}`}>
              {p.name}
            </button>
          ))}
        </div>
      )}
      <div className="form-grid">
        <label htmlFor="journey">Journey</label>
        <div>
          <select id="journey" value={s.journey} onChange={(e) => set('journey', e.target.value as JourneyId)}>
            {journeys.map((j) => (
              <option key={j.id} value={j.id}>
                {j.label}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="journey" />
        </div>
        <label htmlFor="userId">Mesh user id</label>
        <div>
          <input id="userId" value={s.userId} onChange={(e) => set('userId', e.target.value)} />
          <FieldError errors={errors} field="userId" />
        </div>
      </div>

      {dests && (
        <fieldset className="card">
          <legend>Destinations</legend>
          <FieldError errors={errors} field="destinations" />
          {s.destinations.map((d, i) => {
            const n = netOf(d.networkId);
            const p = `destinations[${i}].`;
            return (
              <div className="form-grid" key={i} data-testid={`destination-${i}`}>
                <label htmlFor={`${p}networkId`}>Network</label>
                <div>
                  <select id={`${p}networkId`} value={d.networkId} onChange={(e) => setRow(i, 'networkId', e.target.value)}>
                    <option value="">Choose a network…</option>
                    {networks.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name} ({x.networkType})
                      </option>
                    ))}
                  </select>
                  <FieldError errors={errors} field={`${p}networkId`} />
                </div>
                <label htmlFor={`${p}symbol`}>Symbol</label>
                <div>
                  <select id={`${p}symbol`} value={d.symbol} onChange={(e) => setRow(i, 'symbol', e.target.value)}>
                    <option value="">Choose a symbol…</option>
                    {(n?.symbols ?? []).map((sym) => (
                      <option key={sym} value={sym}>
                        {sym}
                      </option>
                    ))}
                  </select>
                  <FieldError errors={errors} field={`${p}symbol`} />
                </div>
                <label htmlFor={`${p}address`}>Address</label>
                <div>
                  <input id={`${p}address`} value={d.address} spellCheck={false} onChange={(e) => setRow(i, 'address', e.target.value)} />
                  <FieldError errors={errors} field={`${p}address`} />
                </div>
                <label htmlFor={`${p}amount`}>{payment ? 'Amount (fixed)' : 'Amount (optional)'}</label>
                <div>
                  <input id={`${p}amount`} inputMode="decimal" value={d.amount} onChange={(e) => setRow(i, 'amount', e.target.value)} />
                  <FieldError errors={errors} field={`${p}amount`} />
                </div>
                {s.destinations.length > 1 && (
                  <>
                    <span />
                    <div>
                      <button type="button" onClick={() => setS((x) => ({ ...x, destinations: x.destinations.filter((_, j) => j !== i) }))}>
                        Remove this destination
                      </button>
                    </div>
                  </>
                )}
              </div>
            );
          })}
          {!payment && (
            <button type="button" onClick={() => setS((x) => ({ ...x, destinations: [...x.destinations, emptyRow()] }))}>
              Add a destination
            </button>
          )}
          <div className="form-grid">
            <label htmlFor="amountInFiat">Amount in USD</label>
            <div>
              <input id="amountInFiat" inputMode="decimal" value={s.amountInFiat} onChange={(e) => set('amountInFiat', e.target.value)} />
              <FieldError errors={errors} field="amountInFiat" />
            </div>
            <label htmlFor="transactionId">Transaction id</label>
            <div>
              <input id="transactionId" value={s.transactionId} onChange={(e) => set('transactionId', e.target.value)} />
              <FieldError errors={errors} field="transactionId" />
            </div>
            <label htmlFor="description">Description</label>
            <div>
              <input id="description" value={s.description} onChange={(e) => set('description', e.target.value)} />
              <FieldError errors={errors} field="description" />
            </div>
            <span />
            <label className="check">
              <input type="checkbox" checked={s.smartFunding} onChange={(e) => set('smartFunding', e.target.checked)} /> SmartFunding (top up with
              buying power)
            </label>
            <span />
            <label className="check">
              <input type="checkbox" checked={s.inclusiveFees} onChange={(e) => set('inclusiveFees', e.target.checked)} /> Fees included in the
              amount
            </label>
          </div>
        </fieldset>
      )}

      {hasVerify(s.journey) && (
        <fieldset className="card">
          <legend>Wallet to verify</legend>
          <div className="form-grid">
            <label htmlFor="verifyNetworkId">Network</label>
            <div>
              <select id="verifyNetworkId" value={s.verifyNetworkId} onChange={(e) => set('verifyNetworkId', e.target.value)}>
                <option value="">Choose a network…</option>
                {networks.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name} ({x.networkType})
                  </option>
                ))}
              </select>
              <FieldError errors={errors} field="verifyNetworkId" />
            </div>
            <label htmlFor="verifyAddress">Address</label>
            <div>
              <input id="verifyAddress" value={s.verifyAddress} spellCheck={false} onChange={(e) => set('verifyAddress', e.target.value)} />
              <FieldError errors={errors} field="verifyAddress" />
            </div>
            <label htmlFor="verifyMessage">Message to sign</label>
            <div>
              <input id="verifyMessage" value={s.verifyMessage} onChange={(e) => set('verifyMessage', e.target.value)} />
              <FieldError errors={errors} field="verifyMessage" />
            </div>
          </div>
        </fieldset>
      )}

      <FieldError errors={errors} field="integrationId" />
      <FieldError errors={errors} field="confirmProduction" />
      <FieldError errors={errors} field="form" />
      <ErrorBox message={failure} testId="journey-error" />
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="open-link">
          {busy ? 'Asking Mesh…' : 'Open Link'}
        </button>
        {savePreset && dests && (
          <>
            <input aria-label="Preset name" placeholder="Preset name" value={presetName} onChange={(e) => setPresetName(e.target.value)} />
            <button type="button" onClick={() => void doSavePreset()}>
              Save as preset
            </button>
            <FieldError errors={errors} field="presetName" />
            {presetNote && <span className="muted">{presetNote}</span>}
          </>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title="Move real funds?"
          confirmLabel="Yes, open Link on production"
          onConfirm={() => void submit(true)}
          onCancel={() => setConfirming(false)}
        >
          <p>
            <strong>{profile.name}</strong> is a <strong>production</strong> profile: this {s.journey} moves real funds through Mesh.
          </p>
        </ConfirmDialog>
      )}
    </form>
  );
}
