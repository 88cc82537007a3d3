window.CTC_CONFIG = {"apiBase": "", "pollMs": 10000};
