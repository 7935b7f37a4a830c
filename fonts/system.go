package fonts

import (
	"os"
	"path/filepath"
	"runtime"
)

// SystemDirs are the directories the system and the user install fonts in
// (Debian's /usr/share/fonts, macOS's /Library/Fonts, Windows's
// C:\Windows\Fonts): a font named in the config may be read from them as
// well as from the site, and from nowhere else.
func SystemDirs() []string {
	var dirs []string
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		dirs = []string{"/System/Library/Fonts", "/Library/Fonts"}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, "Library", "Fonts"))
		}
	case "windows":
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		dirs = []string{filepath.Join(win, "Fonts")}
		if la := os.Getenv("LOCALAPPDATA"); la != "" {
			dirs = append(dirs, filepath.Join(la, "Microsoft", "Windows", "Fonts"))
		}
	default:
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts"))
		}
	}
	return dirs
}
