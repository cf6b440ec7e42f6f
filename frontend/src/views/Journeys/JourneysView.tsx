import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { ErrorBox } from '../../components/common/ErrorBox';
import { LinkPanel } from '../../components/common/LinkPanel';
import { useActiveProfile } from '../../components/common/profile';
import { type NetworkView, type Preset, createLinkToken, networks as loadNetworks, presets as loadPresets, savePreset } from '../../link/desk';
import { useLinkSession } from '../../link/useLinkSession';
import { JourneyForm } from './JourneyForm';
import { TransferResult } from './TransferResult';
import { WithdrawalAddresses } from './Withdrawal';

/** "New transfer": the five journeys through Link. */
export function JourneysView() {
  const { profile } = useActiveProfile();
  const [nets, setNets] = useState<NetworkView[]>([]);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [error, setError] = useState<string>();
  const [journey, setJourney] = useState('');
  const link = useLinkSession();

  useEffect(() => {
    loadNetworks().then(setNets, (err: unknown) => setError(errorMessage(err)));
    loadPresets().then(setPresets, (err: unknown) => setError(errorMessage(err)));
  }, []);

  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">New transfer</h1>
      <ErrorBox message={error} />
      {profile ? (
        <JourneyForm
          profile={profile}
          networks={nets}
          presets={presets}
          createToken={createLinkToken}
          onStarted={(s) => {
            setJourney(s.journey);
            void link.start(s, profile);
          }}
          savePreset={savePreset}
          onPresetsChanged={setPresets}
        />
      ) : (
        <p className="muted">Loading the profile…</p>
      )}
      {link.transfer && <TransferResult transfer={link.transfer} />}
      {journey === 'withdrawal' && link.saved.length > 0 && <WithdrawalAddresses accounts={link.saved} networks={nets} />}
      <LinkPanel {...link} />
    </section>
  );
}
