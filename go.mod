module wpsdoctor

go 1.26.0

require golang.org/x/sys v0.49.0

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/cobra v1.10.2 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	github.com/ulikunitz/xz v0.5.17
	golang.org/x/term v0.47.0 // indirect
)
