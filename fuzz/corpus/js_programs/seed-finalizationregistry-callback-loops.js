exports.main = async (input, send) => {
const fr = new FinalizationRegistry(() => { for (;;) {} }); for (let i = 0; i < 1e5; i++) fr.register({}, i); await new Promise(r => setTimeout(r, 5)); return 1;
};