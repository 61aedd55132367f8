package fixes

import "wpsdoctor/platform/wps"

type wpsInstall = wps.Install

func wpsDiscoverLinux(home string) wps.Install { return wps.DiscoverLinux(wps.OSFS{}, home, nil) }
