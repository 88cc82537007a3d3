window.CTC_CONFIG = {"apiBase": "", "pollMs": 10000, "symbols": ["BTC-USDT", "ETH-USDT", "SOL-USDT"]};
