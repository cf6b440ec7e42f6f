import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type AddressLabel, addressBook, fieldErrors, removeAddressLabel, setAddressLabel } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';
import { FieldError } from '../../components/common/FieldError';

/** The label form as typed. */
interface LabelForm {
  address: string;
  network: string;
  label: string;
}

const empty: LabelForm = { address: '', network: '', label: '' };

/** The address book: labels on destination and refund addresses (for one network or any),
 * shown wherever the address appears. Add, edit (pick a row) and remove; Go checks the address
 * and the label and says what is wrong beside the field. */
export function AddressBookView() {
  const [rows, setRows] = useState<AddressLabel[]>();
  const [form, setForm] = useState<LabelForm>(empty);
  const [errors, setErrors] = useState<Record<string, string>>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');

  const load = async () => setRows((await addressBook()) ?? []);
  useEffect(() => {
    load().catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const save = async () => {
    try {
      await setAddressLabel(form.address, form.network, form.label);
      setForm(empty);
      await load();
      setErrors(undefined);
      setError(undefined);
    } catch (e) {
      setErrors(fieldErrors(errorMessage(e)));
    }
  };
  const remove = async (l: AddressLabel) => {
    try {
      await removeAddressLabel(l.address, l.network);
      await load();
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const q = query.trim().toLowerCase();
  const shown = (rows ?? []).filter((r) => !q || `${r.label} ${r.address} ${r.network}`.toLowerCase().includes(q));
  return (
    <div className="ty-list" data-testid="addressbook-view">
      <form
        className="ty-form"
        aria-label="Label an address"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Address
          <input value={form.address} onChange={(e) => setForm({ ...form, address: e.target.value })} className="mono" spellCheck={false} data-testid="ab-address" />
          <FieldError errors={errors} field="address" />
        </label>
        <label>
          Network (empty: any)
          <input value={form.network} onChange={(e) => setForm({ ...form, network: e.target.value })} data-testid="ab-network" />
          <FieldError errors={errors} field="network" />
        </label>
        <label>
          Label
          <input value={form.label} onChange={(e) => setForm({ ...form, label: e.target.value })} data-testid="ab-label" />
          <FieldError errors={errors} field="label" />
        </label>
        <div className="ty-actions">
          <button type="submit" className="primary" data-testid="ab-save">
            Save label
          </button>
          {form !== empty ? (
            <button type="button" onClick={() => (setForm(empty), setErrors(undefined))}>
              Clear
            </button>
          ) : null}
        </div>
        <FieldError errors={errors} field="form" />
      </form>
      <ErrorBox message={error} />
      <div className="ty-toolbar">
        <input type="search" aria-label="Find a label" placeholder="Find a label or address" value={query} onChange={(e) => setQuery(e.target.value)} />
        {rows ? <span className="muted">{rows.length} labels</span> : null}
      </div>
      {rows && !rows.length ? <p className="muted">No labels yet.</p> : null}
      {shown.length ? (
        <table className="ty-table">
          <thead>
            <tr>
              <th>Label</th>
              <th>Address</th>
              <th>Network</th>
              <th>Changed</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.address}|${r.network}`} data-testid="ab-row">
                <td>
                  <span className="rp-label">{r.label}</span>
                </td>
                <td className="mono">{r.address}</td>
                <td>{r.network || 'any'}</td>
                <td>
                  {r.updatedAt} <span className="muted">{r.actor}</span>
                </td>
                <td className="ty-actions">
                  <button type="button" onClick={() => setForm({ address: r.address, network: r.network, label: r.label })} aria-label={`Edit label ${r.label}`}>
                    Edit
                  </button>
                  <button type="button" onClick={() => void remove(r)} aria-label={`Remove label ${r.label}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
