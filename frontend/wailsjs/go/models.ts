export namespace main {
	
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

}

