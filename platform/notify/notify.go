// Package notify shows a desktop notification without a GUI toolkit, for
// the tray process (which has no Fyne app). Texts are always passed as data
// (D-Bus arguments, argv of an `on run argv` AppleScript, environment
// variables read by a constant PowerShell script), never spliced into code.
package notify

import "context"

// Note is one notification.
type Note struct {
	App   string // application name shown by the OS
	Title string
	Body  string
	// Icon is a path to a PNG (Linux only; "" for none).
	Icon string
}

// Send shows n with the platform's mechanism.
func Send(ctx context.Context, n Note) error { return send(ctx, n) }

// appleScript shows argv 1 and 2 as a notification. The texts arrive as
// arguments of the run handler, so quotes in them are just characters.
const appleScript = `on run argv
display notification (item 2 of argv) with title (item 1 of argv)
end run`

// osascriptArgv is the macOS command; title and body follow the script as
// separate argv elements.
func osascriptArgv(n Note) []string {
	return []string{"/usr/bin/osascript", "-e", appleScript, n.Title, n.Body}
}

// toastScript is a constant PowerShell script that shows a Windows toast
// from $env:WSD_NOTE_APP/TITLE/BODY through the WinRT ToastNotificationManager
// (the same API Fyne uses). The values are XML-escaped inside the script.
const toastScript = `$ErrorActionPreference = 'Stop'
[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] | Out-Null
[Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime] | Out-Null
$t = [Security.SecurityElement]::Escape($env:WSD_NOTE_TITLE)
$b = [Security.SecurityElement]::Escape($env:WSD_NOTE_BODY)
$x = New-Object Windows.Data.Xml.Dom.XmlDocument
$x.LoadXml("<toast><visual><binding template='ToastGeneric'><text>$t</text><text>$b</text></binding></visual></toast>")
[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($env:WSD_NOTE_APP).Show([Windows.UI.Notifications.ToastNotification]::new($x))`

// powershellCommand returns the argv and extra environment of the Windows
// toast.
func powershellCommand(n Note) (argv, env []string) {
	return []string{"powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", toastScript},
		[]string{"WSD_NOTE_APP=" + n.App, "WSD_NOTE_TITLE=" + n.Title, "WSD_NOTE_BODY=" + n.Body}
}
