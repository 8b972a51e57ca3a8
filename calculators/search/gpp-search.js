/* Search in the reader's language, for Material for MkDocs.
 *
 * A classic Web Worker that wraps Material's own search worker (loaded with
 * importScripts from the same folder) and adjusts the two messages it receives:
 *
 *   SETUP (type 0): keeps only the documents of the page's language (mkdocs-static-i18n
 *     writes one index for all languages), splits Thai text into words with
 *     Intl.Segmenter (joined by U+200B, which the search separator includes), and
 *     makes the index fold diacritics, so "inversion" finds "inversión" and
 *     "dau tu" finds "đầu tư". Stemming is off: queries are prefix matches, which
 *     behave the same way in every language.
 *   QUERY (type 2): the same folding and Thai segmentation applied to the query.
 *
 * The page's language and the names of the languages arrive in this script's URL,
 * written by the build hook: ?lang=th&default=es&langs=es,en,th,vi&worker=search.X.min.js
 */
(function () {
  "use strict";
  var params = new URL(self.location.href).searchParams;
  var lang = params.get("lang") || "en";
  var langs = (params.get("langs") || lang).split(",");
  var defaultLang = params.get("default") || langs[0];

  var materialHandler = null;
  var addEventListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type === "message" && !materialHandler) materialHandler = listener;
    else addEventListener(type, listener, options);
  };
  importScripts(params.get("worker"));
  self.addEventListener = addEventListener;

  var THAI = /[\u0E00-\u0E7F]+/g;
  var segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("th", { granularity: "word" }) : null;

  function segmentThai(text, joiner) {
    if (!segmenter || typeof text !== "string") return text;
    return text.replace(THAI, function (run) {
      var words = [];
      for (var part of segmenter.segment(run)) words.push(part.segment);
      return words.join(joiner);
    });
  }

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/\u0111/g, "d")
      .replace(/\u0110/g, "D")
      .normalize("NFC");
  }

  function languageOf(location) {
    var first = location.split(/[/#]/)[0];
    return first !== defaultLang && langs.indexOf(first) !== -1 ? first : defaultLang;
  }

  // Fold every token the index stores (positions stay those of the original text,
  // so Material still highlights the accented words in the results).
  var lunr = self.lunr;
  var foldToken = function (token) {
    return token.update(fold);
  };
  lunr.Pipeline.registerFunction(foldToken, "gppFold");
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.gppFolding) {
      this.gppFolding = true;
      this.pipeline._stack.unshift(foldToken);
      this.searchPipeline._stack.unshift(foldToken);
    }
    return add.call(this, doc, attributes);
  };

  function setup(data) {
    var docs = data.docs.filter(function (doc) {
      return languageOf(doc.location) === lang;
    });
    if (lang === "th") {
      docs = docs.map(function (doc) {
        return Object.assign({}, doc, { title: segmentThai(doc.title, "\u200b"), text: segmentThai(doc.text, "\u200b") });
      });
    }
    var separator = data.config.separator || "[\\s\\-]+";
    if (separator.indexOf("\\u200b") === -1) separator = separator.replace("[", "[\\u200b");
    var config = Object.assign({}, data.config, {
      lang: ["en"], // no stemmer or stop words: see the comment at the top
      pipeline: lang === "th" ? [] : ["trimmer"],
      separator: separator,
    });
    return Object.assign({}, data, { config: config, docs: docs });
  }

  function query(text) {
    return segmentThai(fold(String(text)), " ");
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 0) message = { type: 0, data: setup(message.data) };
    else if (message && message.type === 2) message = { type: 2, data: query(message.data) };
    materialHandler({ data: message });
  });
})();
