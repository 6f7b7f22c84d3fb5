import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PARSER_FORMATS, getParser, isParserFormat } from './index.ts';

void test('the registry has one parser per format, named after it', () => {
  for (const format of PARSER_FORMATS) {
    const parser = getParser(format);
    assert.ok(parser !== undefined, format);
    assert.equal(parser.format, format);
    assert.equal(parser.input, format === 'cef' || format === 'syslog' ? 'line' : 'json');
  }
  assert.equal(getParser('splunk'), undefined);
  assert.equal(getParser('toString'), undefined);
  assert.equal(isParserFormat('wazuh'), true);
  assert.equal(isParserFormat('__proto__'), false);
});
