package report

import (
	"fmt"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/report/redact"
)

// BenchmarkRedact redacts a report with a full files.sync finding (8 kinds
// x 20 examples) and 20 failed sync rows: the largest report check prints.
func BenchmarkRedact(b *testing.B) {
	examples := map[string]any{}
	for k := 0; k < 8; k++ {
		var list []map[string]any
		for i := 0; i < 20; i++ {
			list = append(list, map[string]any{"kind": fmt.Sprint("kind", k), "path": fmt.Sprintf("项目%d/子目录/文件%d-%d.docx", k, k, i), "size": 1234})
		}
		examples[fmt.Sprint("kind", k)] = list
	}
	var rows []map[string]string
	for i := 0; i < 20; i++ {
		rows = append(rows, map[string]string{"file_name": fmt.Sprintf("年度报告%d.docx", i),
			"local_path": fmt.Sprintf("/home/张伟/WPS云盘/项目/年度报告%d.docx", i),
			"error_msg":  fmt.Sprintf("上传 年度报告%d.docx 失败 sid=V02SbGxQ3vRtY8pLmN4kJ7hG2fD5sA9z%d", i, i)})
	}
	fs := []health.Finding{
		{Check: "files.sync", Status: health.StatusWarn, Message: health.Msg("local.files_problems", "first", "项目0/子目录/文件0-0.docx (kind0)"),
			Evidence: map[string]any{"path": "/home/张伟/WPS云盘", "examples": examples}},
		{Check: "wps.syncdb", Status: health.StatusWarn, Message: health.Msg("local.syncdb_errors", "count", 20), Evidence: map[string]any{"errors": rows}},
	}
	rep := health.NewReport(health.Tool{}, health.Host{}, "en", time.Unix(0, 0), 0, fs)
	cfg := redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Redact(rep, cfg)
	}
}
