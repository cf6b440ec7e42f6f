// Typed calls of the Go methods behind the Settings, Connect, New transfer and Accounts
// views (app_profiles.go, app_link.go, app_accounts.go). Views call these, never window.go.
import * as App from '../../wailsjs/go/main/App';
import { desk, main, mesh } from '../../wailsjs/go/models';

export type Profile = main.ProfileView;
export type ProfileInput = desk.ProfileInput;
export type ProfileUpdate = desk.ProfileUpdate;
export type TestResult = desk.TestResult;
export type RemoveResult = desk.RemoveResult;
export type SubClient = mesh.SubClient;
export type LinkOptions = main.LinkOptions;
export type LinkSession = main.LinkSession;
export type Destination = main.Destination;
export type NetworkView = main.NetworkView;
export type Preset = main.Preset;
export type PresetsResult = main.PresetsResult;
export type Account = main.AccountView;
export type AccountDetails = main.AccountDetails;
export type DisconnectResult = main.DisconnectResult;
export type Integration = mesh.Integration;
export type DepositAddress = mesh.DepositAddress;
export type Transfer = mesh.Transfer;
export type StoredAccessToken = main.IntegrationAccessToken;

/** Runs a binding call; a binding that is missing or throws becomes a rejected promise, so
 * views handle every failure in one place. */
function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** The secrets a profile may hold; the UI writes them and never reads them back. */
export const secretKinds = ['client', 'webhook', 'admin'] as const;
export type SecretKind = (typeof secretKinds)[number];

export const activeProfile = (): Promise<Profile> => call(() => App.ActiveProfile());
export const listProfiles = (): Promise<Profile[]> => call(() => App.Profiles());
export const addProfile = (p: Partial<ProfileInput>): Promise<Profile> => call(() => App.AddProfile(desk.ProfileInput.createFrom(p)));
export const updateProfile = (name: string, u: Partial<ProfileUpdate>): Promise<Profile> => call(() => App.UpdateProfile(name, desk.ProfileUpdate.createFrom(u)));
export const renameProfile = (from: string, to: string): Promise<Profile> => call(() => App.RenameProfile(from, to));
export const useProfile = (name: string): Promise<Profile> => call(() => App.UseProfile(name));
export const removeProfile = (name: string): Promise<RemoveResult> => call(() => App.RemoveProfile(name));
export const setProfileSecret = (name: string, kind: SecretKind, secret: string): Promise<void> => call(() => App.SetProfileSecret(name, kind, secret));
export const testProfile = (name: string): Promise<TestResult> => call(() => App.TestProfile(name));
export const subClients = (name: string): Promise<SubClient[]> => call(() => App.SubClients(name));
export const createSubClientProfile = (name: string, subClientId: string): Promise<Profile> => call(() => App.CreateSubClientProfile(name, subClientId, ''));
export const setLinkMode = (mode: 'embedded' | 'browser'): Promise<void> => call(() => App.SetLinkMode(mode));

export const catalog = (): Promise<Integration[]> => call(() => App.Catalog());
export const networks = (): Promise<NetworkView[]> => call(() => App.Networks());
export const createLinkToken = (o: Partial<LinkOptions>): Promise<LinkSession> => call(() => App.CreateLinkToken(main.LinkOptions.createFrom({ destinations: [], ...o })));
export const saveConnection = (userId: string, payload: unknown, integrationId = ''): Promise<Account[]> => call(() => App.SaveConnection(main.ConnectionInput.createFrom({ userId, integrationId, payload })));
export const linkAccessTokens = (userId: string): Promise<StoredAccessToken[]> => call(() => App.LinkAccessTokens(userId));
export const linkTransfer = (id: string): Promise<Transfer> => call(() => App.LinkTransfer(id));
export const presets = (): Promise<Preset[]> => call(() => App.Presets());
export const savePreset = (p: Preset): Promise<PresetsResult> => call(() => App.SavePreset(p));
export const deletePreset = (name: string): Promise<Preset[]> => call(() => App.DeletePreset(name));

export const accounts = (userId = ''): Promise<Account[]> => call(() => App.Accounts(userId));
export const checkAccount = (id: string): Promise<Account> => call(() => App.CheckAccount(id));
export const accountBalances = (id: string): Promise<AccountDetails> => call(() => App.AccountBalances(id));
export const depositAddress = (id: string, symbol: string, networkId: string): Promise<DepositAddress> => call(() => App.DepositAddress(id, symbol, networkId));
export const disconnect = (id: string): Promise<DisconnectResult> => call(() => App.Disconnect(id));
