export namespace alerts {
	
	export class Alert {
	    id: string;
	    transferId: string;
	    kind: string;
	    title: string;
	    body: string;
	    raisedAt: string;
	    status: string;
	    currentStatus: string;
	    summary: string;
	    acked: boolean;
	    ackedAt: string;
	    notified: boolean;
	    notifyError: string;
	
	    static createFrom(source: any = {}) {
	        return new Alert(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.transferId = source["transferId"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.raisedAt = source["raisedAt"];
	        this.status = source["status"];
	        this.currentStatus = source["currentStatus"];
	        this.summary = source["summary"];
	        this.acked = source["acked"];
	        this.ackedAt = source["ackedAt"];
	        this.notified = source["notified"];
	        this.notifyError = source["notifyError"];
	    }
	}
	export class Result {
	    raised: Alert[];
	    notified: number;
	    notifyError?: string;
	    open: number;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.raised = this.convertValues(source["raised"], Alert);
	        this.notified = source["notified"];
	        this.notifyError = source["notifyError"];
	        this.open = source["open"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Settings {
	    failed: boolean;
	    pending: boolean;
	    pendingAfterMinutes: number;
	    desktop: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.failed = source["failed"];
	        this.pending = source["pending"];
	        this.pendingAfterMinutes = source["pendingAfterMinutes"];
	        this.desktop = source["desktop"];
	    }
	}

}

export namespace desk {
	
	export class ProfileInput {
	    name: string;
	    env: string;
	    baseUrl: string;
	    clientId: string;
	    subClientId: string;
	    userId: string;
	    clientSecret: string;
	    webhookSecret: string;
	    adminSecret: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.env = source["env"];
	        this.baseUrl = source["baseUrl"];
	        this.clientId = source["clientId"];
	        this.subClientId = source["subClientId"];
	        this.userId = source["userId"];
	        this.clientSecret = source["clientSecret"];
	        this.webhookSecret = source["webhookSecret"];
	        this.adminSecret = source["adminSecret"];
	    }
	}
	export class ProfileUpdate {
	    baseUrl?: string;
	    clientId?: string;
	    subClientId?: string;
	    userId?: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.baseUrl = source["baseUrl"];
	        this.clientId = source["clientId"];
	        this.subClientId = source["subClientId"];
	        this.userId = source["userId"];
	    }
	}
	export class RemoveResult {
	    profile: store.Profile;
	    newDefault: string;
	    cleanupPending: string;
	
	    static createFrom(source: any = {}) {
	        return new RemoveResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = this.convertValues(source["profile"], store.Profile);
	        this.newDefault = source["newDefault"];
	        this.cleanupPending = source["cleanupPending"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TestResult {
	    profile: string;
	    env: string;
	    baseUrl: string;
	    ok: boolean;
	    roundTrip: number;
	    networks: number;
	    transfers: number;
	    step?: string;
	    httpStatus?: number;
	    status?: string;
	    errorType?: string;
	    message?: string;
	    error?: string;
	    hint?: string;
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.env = source["env"];
	        this.baseUrl = source["baseUrl"];
	        this.ok = source["ok"];
	        this.roundTrip = source["roundTrip"];
	        this.networks = source["networks"];
	        this.transfers = source["transfers"];
	        this.step = source["step"];
	        this.httpStatus = source["httpStatus"];
	        this.status = source["status"];
	        this.errorType = source["errorType"];
	        this.message = source["message"];
	        this.error = source["error"];
	        this.hint = source["hint"];
	    }
	}

}

export namespace history {
	
	export class Progress {
	    profileId: string;
	    phase: string;
	    pages: number;
	    transfers: number;
	    total: number;
	    done: number;
	    rate: number;
	    elapsed: number;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profileId = source["profileId"];
	        this.phase = source["phase"];
	        this.pages = source["pages"];
	        this.transfers = source["transfers"];
	        this.total = source["total"];
	        this.done = source["done"];
	        this.rate = source["rate"];
	        this.elapsed = source["elapsed"];
	    }
	}
	export class Result {
	    mode: string;
	    resumed: boolean;
	    requests: number;
	    pages: number;
	    transfers: number;
	    new: number;
	    changed: number;
	    rechecked: number;
	    unresolved: number;
	    resolved: number;
	    duration: number;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mode = source["mode"];
	        this.resumed = source["resumed"];
	        this.requests = source["requests"];
	        this.pages = source["pages"];
	        this.transfers = source["transfers"];
	        this.new = source["new"];
	        this.changed = source["changed"];
	        this.rechecked = source["rechecked"];
	        this.unresolved = source["unresolved"];
	        this.resolved = source["resolved"];
	        this.duration = source["duration"];
	    }
	}

}

export namespace main {
	
	export class AccountView {
	    id: string;
	    userId: string;
	    brokerType: string;
	    brokerName: string;
	    accountId: string;
	    accountName: string;
	    integrationId: string;
	    delayedAuth: boolean;
	    health: string;
	    healthDetail: string;
	    status: string;
	    connectedAt: string;
	    lastUsedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new AccountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.userId = source["userId"];
	        this.brokerType = source["brokerType"];
	        this.brokerName = source["brokerName"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.integrationId = source["integrationId"];
	        this.delayedAuth = source["delayedAuth"];
	        this.health = source["health"];
	        this.healthDetail = source["healthDetail"];
	        this.status = source["status"];
	        this.connectedAt = source["connectedAt"];
	        this.lastUsedAt = source["lastUsedAt"];
	    }
	}
	export class AccountDetails {
	    account: AccountView;
	    balance?: mesh.Balance;
	    holdings?: mesh.Holdings;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new AccountDetails(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = this.convertValues(source["account"], AccountView);
	        this.balance = this.convertValues(source["balance"], mesh.Balance);
	        this.holdings = this.convertValues(source["holdings"], mesh.Holdings);
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class AppInfo {
	    version: string;
	    commit: string;
	    date: string;
	    platform: string;
	    dataDir: string;
	    logFile: string;
	    profile: string;
	
	    static createFrom(source: any = {}) {
	        return new AppInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.date = source["date"];
	        this.platform = source["platform"];
	        this.dataDir = source["dataDir"];
	        this.logFile = source["logFile"];
	        this.profile = source["profile"];
	    }
	}
	export class BrowserLinkRequest {
	    linkToken: string;
	    userId: string;
	    integrationId: string;
	    script: string;
	
	    static createFrom(source: any = {}) {
	        return new BrowserLinkRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.linkToken = source["linkToken"];
	        this.userId = source["userId"];
	        this.integrationId = source["integrationId"];
	        this.script = source["script"];
	    }
	}
	export class BrowserLinkSession {
	    url: string;
	    origin: string;
	
	    static createFrom(source: any = {}) {
	        return new BrowserLinkSession(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.origin = source["origin"];
	    }
	}
	export class LinkDelayedAuthPayload {
	    refreshToken: string;
	    refreshTokenExpiresInSeconds?: number;
	    brokerType: string;
	    brokerName: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkDelayedAuthPayload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.refreshToken = source["refreshToken"];
	        this.refreshTokenExpiresInSeconds = source["refreshTokenExpiresInSeconds"];
	        this.brokerType = source["brokerType"];
	        this.brokerName = source["brokerName"];
	    }
	}
	export class LinkAccount {
	    accountId: string;
	    accountName: string;
	    meshAccountId: string;
	    fund?: number;
	    cash?: number;
	    isReconnected: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LinkAccount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.meshAccountId = source["meshAccountId"];
	        this.fund = source["fund"];
	        this.cash = source["cash"];
	        this.isReconnected = source["isReconnected"];
	    }
	}
	export class LinkAccountToken {
	    account: LinkAccount;
	    accessToken: string;
	    refreshToken: string;
	    tokenId: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkAccountToken(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = this.convertValues(source["account"], LinkAccount);
	        this.accessToken = source["accessToken"];
	        this.refreshToken = source["refreshToken"];
	        this.tokenId = source["tokenId"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LinkAccessTokenPayload {
	    accountTokens: LinkAccountToken[];
	    brokerType: string;
	    brokerName: string;
	    expiresInSeconds?: number;
	
	    static createFrom(source: any = {}) {
	        return new LinkAccessTokenPayload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accountTokens = this.convertValues(source["accountTokens"], LinkAccountToken);
	        this.brokerType = source["brokerType"];
	        this.brokerName = source["brokerName"];
	        this.expiresInSeconds = source["expiresInSeconds"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LinkPayload {
	    accessToken?: LinkAccessTokenPayload;
	    delayedAuth?: LinkDelayedAuthPayload;
	
	    static createFrom(source: any = {}) {
	        return new LinkPayload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accessToken = this.convertValues(source["accessToken"], LinkAccessTokenPayload);
	        this.delayedAuth = this.convertValues(source["delayedAuth"], LinkDelayedAuthPayload);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectionInput {
	    userId: string;
	    integrationId: string;
	    payload: LinkPayload;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.integrationId = source["integrationId"];
	        this.payload = this.convertValues(source["payload"], LinkPayload);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Destination {
	    networkId: string;
	    symbol: string;
	    address: string;
	    addressTag: string;
	    amount?: number;
	
	    static createFrom(source: any = {}) {
	        return new Destination(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.networkId = source["networkId"];
	        this.symbol = source["symbol"];
	        this.address = source["address"];
	        this.addressTag = source["addressTag"];
	        this.amount = source["amount"];
	    }
	}
	export class DisconnectResult {
	    meshNotified: boolean;
	    meshMessage?: string;
	
	    static createFrom(source: any = {}) {
	        return new DisconnectResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.meshNotified = source["meshNotified"];
	        this.meshMessage = source["meshMessage"];
	    }
	}
	export class ExportResult {
	    path: string;
	    count: number;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.count = source["count"];
	        this.bytes = source["bytes"];
	    }
	}
	export class FeeLine {
	    kind: string;
	    fee: number;
	    currency: string;
	    inFiat: number;
	
	    static createFrom(source: any = {}) {
	        return new FeeLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.fee = source["fee"];
	        this.currency = source["currency"];
	        this.inFiat = source["inFiat"];
	    }
	}
	export class IntegrationAccessToken {
	    accountId: string;
	    accountName: string;
	    accessToken: string;
	    brokerType: string;
	    brokerName: string;
	
	    static createFrom(source: any = {}) {
	        return new IntegrationAccessToken(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.accessToken = source["accessToken"];
	        this.brokerType = source["brokerType"];
	        this.brokerName = source["brokerName"];
	    }
	}
	
	
	
	
	export class LinkOptions {
	    journey: string;
	    userId: string;
	    integrationId: string;
	    destinations: Destination[];
	    amountInFiat?: number;
	    transactionId: string;
	    description: string;
	    smartFunding: boolean;
	    inclusiveFees: boolean;
	    verifyMessage: string;
	    verifyAddress: string;
	    verifyNetworkId: string;
	    confirmProduction: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LinkOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.journey = source["journey"];
	        this.userId = source["userId"];
	        this.integrationId = source["integrationId"];
	        this.destinations = this.convertValues(source["destinations"], Destination);
	        this.amountInFiat = source["amountInFiat"];
	        this.transactionId = source["transactionId"];
	        this.description = source["description"];
	        this.smartFunding = source["smartFunding"];
	        this.inclusiveFees = source["inclusiveFees"];
	        this.verifyMessage = source["verifyMessage"];
	        this.verifyAddress = source["verifyAddress"];
	        this.verifyNetworkId = source["verifyNetworkId"];
	        this.confirmProduction = source["confirmProduction"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class LinkSession {
	    linkToken: string;
	    linkOrigin: string;
	    userId: string;
	    journey: string;
	    fieldErrors?: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new LinkSession(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.linkToken = source["linkToken"];
	        this.linkOrigin = source["linkOrigin"];
	        this.userId = source["userId"];
	        this.journey = source["journey"];
	        this.fieldErrors = source["fieldErrors"];
	    }
	}
	export class LookupHit {
	    row: store.TransferRow;
	    fields: string[];
	
	    static createFrom(source: any = {}) {
	        return new LookupHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.row = this.convertValues(source["row"], store.TransferRow);
	        this.fields = source["fields"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NetworkView {
	    id: string;
	    name: string;
	    networkType: string;
	    symbols: string[];
	
	    static createFrom(source: any = {}) {
	        return new NetworkView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.networkType = source["networkType"];
	        this.symbols = source["symbols"];
	    }
	}
	export class Preset {
	    name: string;
	    journey: string;
	    destinations: Destination[];
	    amountInFiat?: number;
	    smartFunding: boolean;
	    inclusiveFees: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Preset(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.journey = source["journey"];
	        this.destinations = this.convertValues(source["destinations"], Destination);
	        this.amountInFiat = source["amountInFiat"];
	        this.smartFunding = source["smartFunding"];
	        this.inclusiveFees = source["inclusiveFees"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PresetsResult {
	    presets: Preset[];
	    fieldErrors?: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new PresetsResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.presets = this.convertValues(source["presets"], Preset);
	        this.fieldErrors = source["fieldErrors"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProfileView {
	    id: string;
	    name: string;
	    env: string;
	    baseUrl: string;
	    clientId: string;
	    subClientId: string;
	    defaultUserId: string;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	    default: boolean;
	    apiUrl: string;
	    secrets: {[key: string]: string};
	    production: boolean;
	    demo: boolean;
	    linkOrigin: string;
	    linkMode: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.env = source["env"];
	        this.baseUrl = source["baseUrl"];
	        this.clientId = source["clientId"];
	        this.subClientId = source["subClientId"];
	        this.defaultUserId = source["defaultUserId"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.default = source["default"];
	        this.apiUrl = source["apiUrl"];
	        this.secrets = source["secrets"];
	        this.production = source["production"];
	        this.demo = source["demo"];
	        this.linkOrigin = source["linkOrigin"];
	        this.linkMode = source["linkMode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SavedView {
	    name: string;
	    builtIn: boolean;
	    filter: store.TransferFilter;
	    sort: string;
	    desc: boolean;
	    createdWithinHours?: number;
	    createdBeforeHours?: number;
	
	    static createFrom(source: any = {}) {
	        return new SavedView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.builtIn = source["builtIn"];
	        this.filter = this.convertValues(source["filter"], store.TransferFilter);
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.createdWithinHours = source["createdWithinHours"];
	        this.createdBeforeHours = source["createdBeforeHours"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StatusEntry {
	    at: string;
	    from: string;
	    to: string;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new StatusEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.source = source["source"];
	    }
	}
	export class SyncSettings {
	    intervalMinutes: number;
	    onFocus: boolean;
	    webhookOn: boolean;
	    webhookAddr: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.intervalMinutes = source["intervalMinutes"];
	        this.onFocus = source["onFocus"];
	        this.webhookOn = source["webhookOn"];
	        this.webhookAddr = source["webhookAddr"];
	    }
	}
	export class WebhookStatus {
	    on: boolean;
	    url: string;
	    demo: boolean;
	    received: number;
	    applied: number;
	    duplicates: number;
	    refused: number;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new WebhookStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.url = source["url"];
	        this.demo = source["demo"];
	        this.received = source["received"];
	        this.applied = source["applied"];
	        this.duplicates = source["duplicates"];
	        this.refused = source["refused"];
	        this.error = source["error"];
	    }
	}
	export class SyncStatus {
	    profileId: string;
	    running: boolean;
	    progress?: history.Progress;
	    lastSynced: string;
	    lastError: string;
	    lastResult?: history.Result;
	    runs: number;
	    settings: SyncSettings;
	    webhook: WebhookStatus;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profileId = source["profileId"];
	        this.running = source["running"];
	        this.progress = this.convertValues(source["progress"], history.Progress);
	        this.lastSynced = source["lastSynced"];
	        this.lastError = source["lastError"];
	        this.lastResult = this.convertValues(source["lastResult"], history.Result);
	        this.runs = source["runs"];
	        this.settings = this.convertValues(source["settings"], SyncSettings);
	        this.webhook = this.convertValues(source["webhook"], WebhookStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TransferDetail {
	    transfer: mesh.Transfer;
	    createdAt: string;
	    executedAt: string;
	    firstSeen: string;
	    updated: string;
	    source: string;
	    history: StatusEntry[];
	    fees: FeeLine[];
	    explorerUrl: string;
	    sourceKind: string;
	    statusText: string;
	    refundText: string;
	    refundAddress: string;
	    refundQr: string;
	
	    static createFrom(source: any = {}) {
	        return new TransferDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.transfer = this.convertValues(source["transfer"], mesh.Transfer);
	        this.createdAt = source["createdAt"];
	        this.executedAt = source["executedAt"];
	        this.firstSeen = source["firstSeen"];
	        this.updated = source["updated"];
	        this.source = source["source"];
	        this.history = this.convertValues(source["history"], StatusEntry);
	        this.fees = this.convertValues(source["fees"], FeeLine);
	        this.explorerUrl = source["explorerUrl"];
	        this.sourceKind = source["sourceKind"];
	        this.statusText = source["statusText"];
	        this.refundText = source["refundText"];
	        this.refundAddress = source["refundAddress"];
	        this.refundQr = source["refundQr"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TransferLookup {
	    value: string;
	    hits: LookupHit[];
	    total: number;
	    kind: string;
	    filter: store.TransferFilter;
	
	    static createFrom(source: any = {}) {
	        return new TransferLookup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.hits = this.convertValues(source["hits"], LookupHit);
	        this.total = source["total"];
	        this.kind = source["kind"];
	        this.filter = this.convertValues(source["filter"], store.TransferFilter);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TransferWindowRequest {
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	    after?: store.Cursor;
	
	    static createFrom(source: any = {}) {
	        return new TransferWindowRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.after = this.convertValues(source["after"], store.Cursor);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ViewQuery {
	    name: string;
	    filter: store.TransferFilter;
	    sort: string;
	    desc: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ViewQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.filter = this.convertValues(source["filter"], store.TransferFilter);
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class WindowState {
	    x: number;
	    y: number;
	    width: number;
	    height: number;
	    maximised: boolean;
	
	    static createFrom(source: any = {}) {
	        return new WindowState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.x = source["x"];
	        this.y = source["y"];
	        this.width = source["width"];
	        this.height = source["height"];
	        this.maximised = source["maximised"];
	    }
	}

}

export namespace mesh {
	
	export class AccountBalance {
	    cash?: number;
	    buyingPower?: number;
	    cryptocurrencyBuyingPower?: number;
	    currencyCode?: string;
	
	    static createFrom(source: any = {}) {
	        return new AccountBalance(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cash = source["cash"];
	        this.buyingPower = source["buyingPower"];
	        this.cryptocurrencyBuyingPower = source["cryptocurrencyBuyingPower"];
	        this.currencyCode = source["currencyCode"];
	    }
	}
	export class Balance {
	    balances?: AccountBalance[];
	    totalCashUsdValue?: number;
	    totalBuyingPowerUsdValue?: number;
	
	    static createFrom(source: any = {}) {
	        return new Balance(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.balances = this.convertValues(source["balances"], AccountBalance);
	        this.totalCashUsdValue = source["totalCashUsdValue"];
	        this.totalBuyingPowerUsdValue = source["totalBuyingPowerUsdValue"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BridgingEvent {
	    eventType?: string;
	    description?: string;
	    timestamp: number;
	
	    static createFrom(source: any = {}) {
	        return new BridgingEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.eventType = source["eventType"];
	        this.description = source["description"];
	        this.timestamp = source["timestamp"];
	    }
	}
	export class BridgingSide {
	    networkName?: string;
	    symbol?: string;
	    amount: number;
	    transactionHash?: string;
	    infoUrl?: string;
	
	    static createFrom(source: any = {}) {
	        return new BridgingSide(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.networkName = source["networkName"];
	        this.symbol = source["symbol"];
	        this.amount = source["amount"];
	        this.transactionHash = source["transactionHash"];
	        this.infoUrl = source["infoUrl"];
	    }
	}
	export class BridgingDetails {
	    status?: string;
	    statusDescription?: string;
	    targetSide?: BridgingSide;
	    sourceSide?: BridgingSide;
	    timeline?: BridgingEvent[];
	
	    static createFrom(source: any = {}) {
	        return new BridgingDetails(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.statusDescription = source["statusDescription"];
	        this.targetSide = this.convertValues(source["targetSide"], BridgingSide);
	        this.sourceSide = this.convertValues(source["sourceSide"], BridgingSide);
	        this.timeline = this.convertValues(source["timeline"], BridgingEvent);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class DeFiPositionDistribution {
	    caipNetworkId: string;
	    address: string;
	    amount: number;
	
	    static createFrom(source: any = {}) {
	        return new DeFiPositionDistribution(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.caipNetworkId = source["caipNetworkId"];
	        this.address = source["address"];
	        this.amount = source["amount"];
	    }
	}
	export class DepositAddress {
	    symbol?: string;
	    address?: string;
	    chain?: string;
	    memo?: string;
	    minimumDepositAmount?: string;
	    networkId?: string;
	    brokerResponseStatus?: string;
	    errorMessage?: string;
	
	    static createFrom(source: any = {}) {
	        return new DepositAddress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.symbol = source["symbol"];
	        this.address = source["address"];
	        this.chain = source["chain"];
	        this.memo = source["memo"];
	        this.minimumDepositAmount = source["minimumDepositAmount"];
	        this.networkId = source["networkId"];
	        this.brokerResponseStatus = source["brokerResponseStatus"];
	        this.errorMessage = source["errorMessage"];
	    }
	}
	export class PositionWithMarketValue {
	    name?: string;
	    symbol?: string;
	    amount: number;
	    costBasis?: number;
	    distribution?: DeFiPositionDistribution[];
	    marketValue?: number;
	    lastPrice?: number;
	
	    static createFrom(source: any = {}) {
	        return new PositionWithMarketValue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.symbol = source["symbol"];
	        this.amount = source["amount"];
	        this.costBasis = source["costBasis"];
	        this.distribution = this.convertValues(source["distribution"], DeFiPositionDistribution);
	        this.marketValue = source["marketValue"];
	        this.lastPrice = source["lastPrice"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OptionPosition {
	    symbol?: string;
	    amount: number;
	    averageOpenPrice: number;
	    direction?: string;
	    createdTimestamp: number;
	    updatedTimestamp: number;
	    numberOfSharesInContract: number;
	    optionType?: string;
	    expirationTimestamp: number;
	    strikePrice: number;
	
	    static createFrom(source: any = {}) {
	        return new OptionPosition(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.symbol = source["symbol"];
	        this.amount = source["amount"];
	        this.averageOpenPrice = source["averageOpenPrice"];
	        this.direction = source["direction"];
	        this.createdTimestamp = source["createdTimestamp"];
	        this.updatedTimestamp = source["updatedTimestamp"];
	        this.numberOfSharesInContract = source["numberOfSharesInContract"];
	        this.optionType = source["optionType"];
	        this.expirationTimestamp = source["expirationTimestamp"];
	        this.strikePrice = source["strikePrice"];
	    }
	}
	export class NFTPosition {
	    amount: number;
	    costBasis?: number;
	    contractAddress?: string;
	    name?: string;
	    description?: string;
	    marketplaceId?: string;
	    tokenId?: string;
	    marketplacePermalink?: string;
	    addressType?: string;
	
	    static createFrom(source: any = {}) {
	        return new NFTPosition(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.amount = source["amount"];
	        this.costBasis = source["costBasis"];
	        this.contractAddress = source["contractAddress"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.marketplaceId = source["marketplaceId"];
	        this.tokenId = source["tokenId"];
	        this.marketplacePermalink = source["marketplacePermalink"];
	        this.addressType = source["addressType"];
	    }
	}
	export class Position {
	    name?: string;
	    symbol?: string;
	    amount: number;
	    costBasis?: number;
	    distribution?: DeFiPositionDistribution[];
	
	    static createFrom(source: any = {}) {
	        return new Position(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.symbol = source["symbol"];
	        this.amount = source["amount"];
	        this.costBasis = source["costBasis"];
	        this.distribution = this.convertValues(source["distribution"], DeFiPositionDistribution);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Holdings {
	    status?: string;
	    errorMessage?: string;
	    displayMessage?: string;
	    notSupportedEquityPositions?: Position[];
	    notSupportedCryptocurrencyPositions?: Position[];
	    nftPositions?: NFTPosition[];
	    optionPositions?: OptionPosition[];
	    type?: string;
	    accountId?: string;
	    institutionName?: string;
	    accountName?: string;
	    equityPositions?: PositionWithMarketValue[];
	    cryptocurrencyPositions?: PositionWithMarketValue[];
	
	    static createFrom(source: any = {}) {
	        return new Holdings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.errorMessage = source["errorMessage"];
	        this.displayMessage = source["displayMessage"];
	        this.notSupportedEquityPositions = this.convertValues(source["notSupportedEquityPositions"], Position);
	        this.notSupportedCryptocurrencyPositions = this.convertValues(source["notSupportedCryptocurrencyPositions"], Position);
	        this.nftPositions = this.convertValues(source["nftPositions"], NFTPosition);
	        this.optionPositions = this.convertValues(source["optionPositions"], OptionPosition);
	        this.type = source["type"];
	        this.accountId = source["accountId"];
	        this.institutionName = source["institutionName"];
	        this.accountName = source["accountName"];
	        this.equityPositions = this.convertValues(source["equityPositions"], PositionWithMarketValue);
	        this.cryptocurrencyPositions = this.convertValues(source["cryptocurrencyPositions"], PositionWithMarketValue);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IntegrationLogo {
	    logoLightUrl?: string;
	    logoDarkUrl?: string;
	    logoWhiteUrl?: string;
	    logoBlackUrl?: string;
	    logoColorUrl?: string;
	    iconLightUrl?: string;
	    iconDarkUrl?: string;
	    iconWhiteUrl?: string;
	    iconBlackUrl?: string;
	    iconColorUrl?: string;
	    base64Logo?: string;
	
	    static createFrom(source: any = {}) {
	        return new IntegrationLogo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.logoLightUrl = source["logoLightUrl"];
	        this.logoDarkUrl = source["logoDarkUrl"];
	        this.logoWhiteUrl = source["logoWhiteUrl"];
	        this.logoBlackUrl = source["logoBlackUrl"];
	        this.logoColorUrl = source["logoColorUrl"];
	        this.iconLightUrl = source["iconLightUrl"];
	        this.iconDarkUrl = source["iconDarkUrl"];
	        this.iconWhiteUrl = source["iconWhiteUrl"];
	        this.iconBlackUrl = source["iconBlackUrl"];
	        this.iconColorUrl = source["iconColorUrl"];
	        this.base64Logo = source["base64Logo"];
	    }
	}
	export class IntegrationStyle {
	    fieldActiveLight?: string;
	    buttonPrimaryLight?: string;
	    buttonHoverLight?: string;
	    buttonTextLight?: string;
	    buttonTextHoverLight?: string;
	    fieldActiveDark?: string;
	    buttonPrimaryDark?: string;
	    buttonHoverDark?: string;
	    buttonTextDark?: string;
	    buttonTextHoverDark?: string;
	
	    static createFrom(source: any = {}) {
	        return new IntegrationStyle(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fieldActiveLight = source["fieldActiveLight"];
	        this.buttonPrimaryLight = source["buttonPrimaryLight"];
	        this.buttonHoverLight = source["buttonHoverLight"];
	        this.buttonTextLight = source["buttonTextLight"];
	        this.buttonTextHoverLight = source["buttonTextHoverLight"];
	        this.fieldActiveDark = source["fieldActiveDark"];
	        this.buttonPrimaryDark = source["buttonPrimaryDark"];
	        this.buttonHoverDark = source["buttonHoverDark"];
	        this.buttonTextDark = source["buttonTextDark"];
	        this.buttonTextHoverDark = source["buttonTextHoverDark"];
	    }
	}
	export class Integration {
	    id?: string;
	    name?: string;
	    type?: string;
	    deFiWalletProviderId?: string;
	    categories?: string[];
	    style?: IntegrationStyle;
	    logo?: IntegrationLogo;
	    forgotPasswordLink?: string;
	    cryptoTransfersSupported: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Integration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.type = source["type"];
	        this.deFiWalletProviderId = source["deFiWalletProviderId"];
	        this.categories = source["categories"];
	        this.style = this.convertValues(source["style"], IntegrationStyle);
	        this.logo = this.convertValues(source["logo"], IntegrationLogo);
	        this.forgotPasswordLink = source["forgotPasswordLink"];
	        this.cryptoTransfersSupported = source["cryptoTransfersSupported"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	
	
	
	export class SubClient {
	    id: string;
	    logoUrl?: string;
	    businessLegalName: string;
	    displayName: string;
	    callbackUrls?: string[];
	    catalogConfiguration?: any;
	
	    static createFrom(source: any = {}) {
	        return new SubClient(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.logoUrl = source["logoUrl"];
	        this.businessLegalName = source["businessLegalName"];
	        this.displayName = source["displayName"];
	        this.callbackUrls = source["callbackUrls"];
	        this.catalogConfiguration = source["catalogConfiguration"];
	    }
	}
	export class TransferFunding {
	    type?: string;
	    amount: number;
	    amountInFiat: number;
	    toSymbol?: string;
	    fromAmount: number;
	    fromSymbol?: string;
	    paymentMethodType?: string;
	    fee?: TransferFee;
	
	    static createFrom(source: any = {}) {
	        return new TransferFunding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.amount = source["amount"];
	        this.amountInFiat = source["amountInFiat"];
	        this.toSymbol = source["toSymbol"];
	        this.fromAmount = source["fromAmount"];
	        this.fromSymbol = source["fromSymbol"];
	        this.paymentMethodType = source["paymentMethodType"];
	        this.fee = this.convertValues(source["fee"], TransferFee);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TransferFee {
	    fee: number;
	    feeCurrency?: string;
	    feeInFiat: number;
	    feeInTransferCurrency?: number;
	
	    static createFrom(source: any = {}) {
	        return new TransferFee(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fee = source["fee"];
	        this.feeCurrency = source["feeCurrency"];
	        this.feeInFiat = source["feeInFiat"];
	        this.feeInTransferCurrency = source["feeInTransferCurrency"];
	    }
	}
	export class TransferIntegration {
	    id?: string;
	    type?: string;
	    name?: string;
	    logoUrl?: string;
	
	    static createFrom(source: any = {}) {
	        return new TransferIntegration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.type = source["type"];
	        this.name = source["name"];
	        this.logoUrl = source["logoUrl"];
	    }
	}
	export class Transfer {
	    id: string;
	    clientTransactionId?: string;
	    institutionTransactionId?: string;
	    userId?: string;
	    status?: string;
	    amountInFiat: number;
	    amountToReceiveInFiat: number;
	    amountInFiatCurrencyCode?: string;
	    amount: number;
	    amountToReceive: number;
	    symbol?: string;
	    tokenAddress?: string;
	    networkName?: string;
	    networkId?: string;
	    networkLogoUrl?: string;
	    createdTimestamp: number;
	    from?: TransferIntegration;
	    hash?: string;
	    subClientId?: string;
	    infoUrl?: string;
	    gasFee?: TransferFee;
	    withdrawalFee?: TransferFee;
	    processingFee?: TransferFee;
	    executedTimestamp?: number;
	    transferType?: string;
	    isFeeIncluded: boolean;
	    sourceAmount?: number;
	    destinationAmount?: number;
	    destinationAmountInFiat?: number;
	    totalFeesAmountInFiat: number;
	    totalTransactionAmountInFiat: number;
	    fundingMethods?: TransferFunding[];
	    destinationAddress?: string;
	    refundAddress?: string;
	    bridgingDetails?: BridgingDetails;
	
	    static createFrom(source: any = {}) {
	        return new Transfer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.clientTransactionId = source["clientTransactionId"];
	        this.institutionTransactionId = source["institutionTransactionId"];
	        this.userId = source["userId"];
	        this.status = source["status"];
	        this.amountInFiat = source["amountInFiat"];
	        this.amountToReceiveInFiat = source["amountToReceiveInFiat"];
	        this.amountInFiatCurrencyCode = source["amountInFiatCurrencyCode"];
	        this.amount = source["amount"];
	        this.amountToReceive = source["amountToReceive"];
	        this.symbol = source["symbol"];
	        this.tokenAddress = source["tokenAddress"];
	        this.networkName = source["networkName"];
	        this.networkId = source["networkId"];
	        this.networkLogoUrl = source["networkLogoUrl"];
	        this.createdTimestamp = source["createdTimestamp"];
	        this.from = this.convertValues(source["from"], TransferIntegration);
	        this.hash = source["hash"];
	        this.subClientId = source["subClientId"];
	        this.infoUrl = source["infoUrl"];
	        this.gasFee = this.convertValues(source["gasFee"], TransferFee);
	        this.withdrawalFee = this.convertValues(source["withdrawalFee"], TransferFee);
	        this.processingFee = this.convertValues(source["processingFee"], TransferFee);
	        this.executedTimestamp = source["executedTimestamp"];
	        this.transferType = source["transferType"];
	        this.isFeeIncluded = source["isFeeIncluded"];
	        this.sourceAmount = source["sourceAmount"];
	        this.destinationAmount = source["destinationAmount"];
	        this.destinationAmountInFiat = source["destinationAmountInFiat"];
	        this.totalFeesAmountInFiat = source["totalFeesAmountInFiat"];
	        this.totalTransactionAmountInFiat = source["totalTransactionAmountInFiat"];
	        this.fundingMethods = this.convertValues(source["fundingMethods"], TransferFunding);
	        this.destinationAddress = source["destinationAddress"];
	        this.refundAddress = source["refundAddress"];
	        this.bridgingDetails = this.convertValues(source["bridgingDetails"], BridgingDetails);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}

export namespace reconcile {
	
	export class Item {
	    kind: string;
	    transferId: string;
	    eventId?: string;
	    webhookStatus?: string;
	    historyStatus?: string;
	    count?: number;
	    created?: string;
	    lastEventAt?: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new Item(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.transferId = source["transferId"];
	        this.eventId = source["eventId"];
	        this.webhookStatus = source["webhookStatus"];
	        this.historyStatus = source["historyStatus"];
	        this.count = source["count"];
	        this.created = source["created"];
	        this.lastEventAt = source["lastEventAt"];
	        this.detail = source["detail"];
	    }
	}
	export class Summary {
	    transfers: number;
	    events: number;
	    repeatedDeliveries: number;
	    statusMismatches: number;
	    unknownTransfers: number;
	    noEvent: number;
	    duplicates: number;
	    beforeWebhooks: number;
	    tooRecent: number;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.transfers = source["transfers"];
	        this.events = source["events"];
	        this.repeatedDeliveries = source["repeatedDeliveries"];
	        this.statusMismatches = source["statusMismatches"];
	        this.unknownTransfers = source["unknownTransfers"];
	        this.noEvent = source["noEvent"];
	        this.duplicates = source["duplicates"];
	        this.beforeWebhooks = source["beforeWebhooks"];
	        this.tooRecent = source["tooRecent"];
	    }
	}
	export class Report {
	    profileId: string;
	    from: string;
	    to: string;
	    generatedAt: string;
	    source: string;
	    syncedAt?: string;
	    webhooksSince: string;
	    summary: Summary;
	    items: Item[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profileId = source["profileId"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.generatedAt = source["generatedAt"];
	        this.source = source["source"];
	        this.syncedAt = source["syncedAt"];
	        this.webhooksSince = source["webhooksSince"];
	        this.summary = this.convertValues(source["summary"], Summary);
	        this.items = this.convertValues(source["items"], Item);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace store {
	
	export class Cursor {
	    key: number;
	    id: string;
	    tid: number;
	
	    static createFrom(source: any = {}) {
	        return new Cursor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.id = source["id"];
	        this.tid = source["tid"];
	    }
	}
	export class Profile {
	    id: string;
	    name: string;
	    env: string;
	    baseUrl: string;
	    clientId: string;
	    subClientId: string;
	    defaultUserId: string;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Profile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.env = source["env"];
	        this.baseUrl = source["baseUrl"];
	        this.clientId = source["clientId"];
	        this.subClientId = source["subClientId"];
	        this.defaultUserId = source["defaultUserId"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TagCount {
	    tag: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new TagCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tag = source["tag"];
	        this.count = source["count"];
	    }
	}
	export class TransferFilter {
	    statuses?: string[];
	    networks?: string[];
	    symbols?: string[];
	    integrationIds?: string[];
	    brokerTypes?: string[];
	    userId?: string;
	    subClientId?: string;
	    createdFrom?: number;
	    createdTo?: number;
	    minFiat?: number;
	    maxFiat?: number;
	    search?: string;
	    tags?: string[];
	    match?: string;
	
	    static createFrom(source: any = {}) {
	        return new TransferFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.statuses = source["statuses"];
	        this.networks = source["networks"];
	        this.symbols = source["symbols"];
	        this.integrationIds = source["integrationIds"];
	        this.brokerTypes = source["brokerTypes"];
	        this.userId = source["userId"];
	        this.subClientId = source["subClientId"];
	        this.createdFrom = source["createdFrom"];
	        this.createdTo = source["createdTo"];
	        this.minFiat = source["minFiat"];
	        this.maxFiat = source["maxFiat"];
	        this.search = source["search"];
	        this.tags = source["tags"];
	        this.match = source["match"];
	    }
	}
	export class TransferRow {
	    tid: number;
	    id: string;
	    clientTransactionId: string;
	    userId: string;
	    status: string;
	    amountInFiat: number;
	    fiatCurrency: string;
	    amount: number;
	    symbol: string;
	    networkName: string;
	    fromId: string;
	    fromType: string;
	    fromName: string;
	    hash: string;
	    destinationAddress: string;
	    refundAddress: string;
	    subClientId: string;
	    transferType: string;
	    createdTimestamp: number;
	    executedTimestamp?: number;
	    // Go type: time
	    firstSeen: any;
	    // Go type: time
	    updated: any;
	
	    static createFrom(source: any = {}) {
	        return new TransferRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tid = source["tid"];
	        this.id = source["id"];
	        this.clientTransactionId = source["clientTransactionId"];
	        this.userId = source["userId"];
	        this.status = source["status"];
	        this.amountInFiat = source["amountInFiat"];
	        this.fiatCurrency = source["fiatCurrency"];
	        this.amount = source["amount"];
	        this.symbol = source["symbol"];
	        this.networkName = source["networkName"];
	        this.fromId = source["fromId"];
	        this.fromType = source["fromType"];
	        this.fromName = source["fromName"];
	        this.hash = source["hash"];
	        this.destinationAddress = source["destinationAddress"];
	        this.refundAddress = source["refundAddress"];
	        this.subClientId = source["subClientId"];
	        this.transferType = source["transferType"];
	        this.createdTimestamp = source["createdTimestamp"];
	        this.executedTimestamp = source["executedTimestamp"];
	        this.firstSeen = this.convertValues(source["firstSeen"], null);
	        this.updated = this.convertValues(source["updated"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TransferWindow {
	    rows: TransferRow[];
	    total: number;
	    offset: number;
	    next?: Cursor;
	
	    static createFrom(source: any = {}) {
	        return new TransferWindow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], TransferRow);
	        this.total = source["total"];
	        this.offset = source["offset"];
	        this.next = this.convertValues(source["next"], Cursor);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace treasury {
	
	export class AddressRef {
	    address: string;
	    network: string;
	
	    static createFrom(source: any = {}) {
	        return new AddressRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.address = source["address"];
	        this.network = source["network"];
	    }
	}
	export class AuditEntry {
	    id: number;
	    at: string;
	    actor: string;
	    profileId: string;
	    profileName: string;
	    action: string;
	    target: string;
	    details: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actor = source["actor"];
	        this.profileId = source["profileId"];
	        this.profileName = source["profileName"];
	        this.action = source["action"];
	        this.target = source["target"];
	        this.details = source["details"];
	    }
	}
	export class AuditQuery {
	    since: string;
	    actions: string[];
	    profile: string;
	    target: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.since = source["since"];
	        this.actions = source["actions"];
	        this.profile = source["profile"];
	        this.target = source["target"];
	        this.limit = source["limit"];
	    }
	}
	export class LabelView {
	    address: string;
	    network: string;
	    label: string;
	    updatedAt: string;
	    actor: string;
	
	    static createFrom(source: any = {}) {
	        return new LabelView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.address = source["address"];
	        this.network = source["network"];
	        this.label = source["label"];
	        this.updatedAt = source["updatedAt"];
	        this.actor = source["actor"];
	    }
	}
	export class NoteView {
	    id: number;
	    at: string;
	    actor: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new NoteView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actor = source["actor"];
	        this.text = source["text"];
	    }
	}
	export class RefundEntry {
	    at: string;
	    actor: string;
	    from: string;
	    to: string;
	    hash: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new RefundEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.actor = source["actor"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.hash = source["hash"];
	        this.note = source["note"];
	    }
	}
	export class RefundQueueItem {
	    transferId: string;
	    state: string;
	    stateLabel: string;
	    hash: string;
	    updatedAt: string;
	    status: string;
	    asset: string;
	    network: string;
	    received: string;
	    refundAddress: string;
	    addressLabel: string;
	
	    static createFrom(source: any = {}) {
	        return new RefundQueueItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.transferId = source["transferId"];
	        this.state = source["state"];
	        this.stateLabel = source["stateLabel"];
	        this.hash = source["hash"];
	        this.updatedAt = source["updatedAt"];
	        this.status = source["status"];
	        this.asset = source["asset"];
	        this.network = source["network"];
	        this.received = source["received"];
	        this.refundAddress = source["refundAddress"];
	        this.addressLabel = source["addressLabel"];
	    }
	}
	export class RefundView {
	    transferId: string;
	    standard: string;
	    reason: string;
	    uri: string;
	    qr: string;
	    address: string;
	    addressLabel: string;
	    warning: string;
	    amount: string;
	    received: string;
	    edited: boolean;
	    receivedNet: string;
	    asset: string;
	    network: string;
	    chainId: string;
	    contract: string;
	    baseUnits: string;
	    state: string;
	    stateLabel: string;
	    next: string[];
	    hash: string;
	    updatedAt: string;
	    history: RefundEntry[];
	
	    static createFrom(source: any = {}) {
	        return new RefundView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.transferId = source["transferId"];
	        this.standard = source["standard"];
	        this.reason = source["reason"];
	        this.uri = source["uri"];
	        this.qr = source["qr"];
	        this.address = source["address"];
	        this.addressLabel = source["addressLabel"];
	        this.warning = source["warning"];
	        this.amount = source["amount"];
	        this.received = source["received"];
	        this.edited = source["edited"];
	        this.receivedNet = source["receivedNet"];
	        this.asset = source["asset"];
	        this.network = source["network"];
	        this.chainId = source["chainId"];
	        this.contract = source["contract"];
	        this.baseUnits = source["baseUnits"];
	        this.state = source["state"];
	        this.stateLabel = source["stateLabel"];
	        this.next = source["next"];
	        this.hash = source["hash"];
	        this.updatedAt = source["updatedAt"];
	        this.history = this.convertValues(source["history"], RefundEntry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

