// The default survey (dialogs/post-purchase.yaml) in English, step by step: what the customer
// answers and what the bot's reply must be. Checked by meaning words and by the buttons offered.
import assert from 'node:assert/strict';

const titles = message => (message.suggestedActions?.actions ?? []).map(a => a.title);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

export const firstQuestion = message => {
  assert.match(message.text, /recommend us/);
  assert.deepEqual(titles(message), range(0, 10));
  assert.equal(message.from.role, 'bot');
};

export const steps = [
  {
    answer: '9',
    check: message => {
      assert.match(message.text, /What did you like most\?/);
      assert.deepEqual(titles(message), ['Skip']);
    }
  },
  {
    answer: 'The courier was quick and polite',
    check: message => {
      assert.match(message.text, /how satisfied are you/);
      assert.deepEqual(titles(message), range(1, 5));
    }
  },
  {
    answer: '5',
    check: message => {
      assert.match(message.text, /how easy was it/);
      assert.deepEqual(titles(message), range(1, 7));
    }
  },
  {
    answer: '6',
    check: message => {
      assert.match(message.text, /That's all/);
      assert.deepEqual(titles(message), []);
    }
  }
];
