// The companion's version, shown by `gleaner --version`, in the User-Agent and in the daemon's welcome.
export const VERSION = '0.1.0';
