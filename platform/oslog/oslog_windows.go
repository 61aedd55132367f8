//go:build windows

package oslog

import "golang.org/x/sys/windows/svc/eventlog"

// Open opens the Application log's source (registered with InstallSource).
func Open(source string) (Writer, error) {
	l, err := eventlog.Open(source)
	if err != nil {
		return nil, err
	}
	return winLog{l}, nil
}

type winLog struct{ l *eventlog.Log }

func (w winLog) Write(level Level, id uint32, msg string) error {
	msg = Clean(msg)
	switch level {
	case Error:
		return w.l.Error(id, msg)
	case Warning:
		return w.l.Warning(id, msg)
	}
	return w.l.Info(id, msg)
}

func (w winLog) Close() error { return w.l.Close() }

// InstallSource registers source in the Application log with
// EventCreate.exe as its message file, whose messages cover the IDs 1 to
// 1000 (so the Event Viewer shows our text). Administrators only; an
// existing source is an error of eventlog.Install.
func InstallSource(source string) error {
	return eventlog.InstallAsEventCreate(source, eventlog.Error|eventlog.Warning|eventlog.Info)
}

// RemoveSource removes the registration of InstallSource.
func RemoveSource(source string) error { return eventlog.Remove(source) }
