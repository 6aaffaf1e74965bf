// Every language of managed login has every text, none left empty or in English by mistake where
// the text is one a translation must change; `lang` picks one of them, else English.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES, TEXTS, pageLanguage, type PageTexts } from './texts.js';

/** A text as the page shows it: a parameterized one with a recognizable argument. */
const shown = (text: PageTexts[keyof PageTexts]): string => (typeof text === 'function' ? text('«X»') : text);

describe('managed login texts', () => {
  const keys = Object.keys(TEXTS.en).sort();

  it('has the 11 languages of Cognito\'s managed login', () => {
    assert.deepEqual([...LANGUAGES], ['de', 'en', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pt-BR', 'zh-CN', 'zh-TW']);
    assert.deepEqual(Object.keys(TEXTS).sort(), [...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    it(`${lang} has every key, each a non-empty text that shows its argument`, () => {
      const texts = TEXTS[lang];
      assert.deepEqual(Object.keys(texts).sort(), keys);
      for (const key of keys) {
        const english = TEXTS.en[key as keyof PageTexts];
        const text = texts[key as keyof PageTexts];
        assert.equal(typeof text, typeof english, `${lang}.${key}`);
        assert.ok(shown(text).trim().length > 0, `${lang}.${key} is empty`);
        if (typeof english === 'function') assert.ok(shown(text).includes('«X»'), `${lang}.${key} drops its argument`);
      }
      // The page's own words are translated (a few, like "Code" or "Passkey", are the same word in some languages).
      if (lang !== 'en') assert.notEqual(texts.signIn, TEXTS.en.signIn);
    });
  }

  it('takes a language by its tag in any case; anything else is English', () => {
    assert.equal(pageLanguage('de'), 'de');
    assert.equal(pageLanguage('pt-br'), 'pt-BR');
    assert.equal(pageLanguage('ZH-tw'), 'zh-TW');
    assert.equal(pageLanguage('de-DE'), 'en');
    assert.equal(pageLanguage('pt'), 'en');
    assert.equal(pageLanguage('xx'), 'en');
    assert.equal(pageLanguage(''), 'en');
    assert.equal(pageLanguage(null), 'en');
  });
});
