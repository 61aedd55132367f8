//go:build unix

package oslog

import "log/syslog"

type sysLog struct{ w *syslog.Writer }

func openSyslog(tag string) (Writer, error) {
	w, err := syslog.New(syslog.LOG_DAEMON|syslog.LOG_INFO, Clean(tag))
	if err != nil {
		return nil, err
	}
	return sysLog{w}, nil
}

func (s sysLog) Write(level Level, id uint32, msg string) error {
	line := SyslogLine(id, msg)
	switch level {
	case Error:
		return s.w.Err(line)
	case Warning:
		return s.w.Warning(line)
	}
	return s.w.Info(line)
}

func (s sysLog) Close() error { return s.w.Close() }
