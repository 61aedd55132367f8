package catalog

import (
	"strings"
	"testing"
)

// The built-in rules put the texts the sources name into their classes
// (wps-account.md §1.3); what no rule names stays "other".
func TestClassifySyncError(t *testing.T) {
	a := Default().Account
	cases := []struct {
		code, msg   string
		class, want string
	}{
		{"41001", `{"result":"userSpaceFull"}`, SyncQuota, ""},
		{"0", "云空间不足导致保存失败", SyncQuota, ""},
		{"401", `{"result":"userNotLogin","msg":"userNotLogin"}`, SyncAuth, ""},
		{"", "用户尚未登录", SyncAuth, ""},
		{"-5", "文件不存在", SyncMissing, ""},
		{"7", "fileNameLengthExceed", SyncRefused, "name"},
		{"7", "fileTooLarge", SyncRefused, "size"},
		{"7", "UnSupportFileType", SyncRefused, "type"},
		{"7", "文件包含病毒", SyncRefused, "virus"},
		{"-1003", "", SyncNetwork, ""},
		{"12", "连接超时", SyncNetwork, ""},
		{"503", "", SyncServer, ""},
		{"9", `{"result":"apiRateLimitExceede","msg":"操作过于频繁"}`, SyncServer, ""},
		{"41007", "upload failed", SyncOther, ""},
	}
	for _, c := range cases {
		t.Run(c.code+" "+c.msg, func(t *testing.T) {
			class, reason := a.ClassifySyncError(c.code, c.msg)
			if class != c.class || reason != c.want {
				t.Errorf("got %s/%s, want %s/%s", class, reason, c.class, c.want)
			}
		})
	}
}

// The mapping is data: an override corrects it without a new program, and
// a rule naming an unknown class or an http link is refused.
func TestAccountOverride(t *testing.T) {
	c, err := LoadBytes([]byte(`[account]
free_quota_bytes = 1073741824
quota_notice_percent = 80.0
[[account.sync_errors]]
class = "quota"
codes = ["41007"]
`), "override")
	if err != nil {
		t.Fatal(err)
	}
	if class, _ := c.Account.ClassifySyncError("41007", "upload failed"); class != SyncQuota {
		t.Errorf("got %s, want %s from the override's rule", class, SyncQuota)
	}
	if c.AccountFamily(Mainland) == nil || c.AccountFamily(Mainland).Releases["windows"] == "" {
		t.Errorf("families lost by an override of the rules: %+v", c.Account.Families)
	}
	for _, bad := range []string{
		"[[account.sync_errors]]\nclass = \"weather\"\nmatch = [\"rain\"]\n",
		"[[account.sync_errors]]\nclass = \"quota\"\n",
		"[account.families.mainland]\nstorage_url = \"http://www.kdocs.cn/\"\n",
		"[account.families.mainland]\npassword_reset_url = \"http://account.wps.cn/\"\n",
		"[account.families.international]\nweb_url = \"javascript:alert(1)\"\n",
		"[account]\nquota_notice_percent = 120.0\n",
		"[account]\nrelease = \"1\"\n",
	} {
		if _, err := LoadBytes([]byte(bad), "override"); err == nil || !strings.Contains(err.Error(), "account") {
			t.Errorf("%q: got error %v, want one naming account", bad, err)
		}
	}
}
