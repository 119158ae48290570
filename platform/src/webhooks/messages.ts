/**
 * @module
 * The webhooks' user-facing text: Danish, or English when the request asks for it.
 */
import type { RequestLang } from '../http/request-lang.ts';
import type { EgressRefusal, EgressRule } from './egress-rules.ts';

const RULES: Record<EgressRule, { da: string; en: string }> = {
  https_required: { da: 'skal bruge https', en: 'must use https' },
  loopback: { da: 'peger på maskinen selv (loopback)', en: 'points at the machine itself (loopback)' },
  metadata: { da: 'peger på skyens metadata-tjeneste', en: 'points at the cloud metadata service' },
  link_local: { da: 'peger på en link-local-adresse', en: 'points at a link-local address' },
  private: { da: 'peger på en privat adresse', en: 'points at a private address' },
  carrier_grade_nat: { da: 'peger på en CGNAT-adresse (100.64.0.0/10)', en: 'points at a carrier-grade NAT address (100.64.0.0/10)' },
  unspecified: { da: 'peger på den uspecificerede adresse', en: 'points at the unspecified address' },
  unique_local: { da: 'peger på en unik lokal IPv6-adresse', en: 'points at a unique local IPv6 address' },
  multicast: { da: 'peger på en multicast-adresse', en: 'points at a multicast address' },
  reserved: { da: 'peger på en reserveret adresse', en: 'points at a reserved address' },
  not_resolvable: { da: 'har et værtsnavn, der ikke kan slås op', en: 'has a host name that does not resolve' },
};

/**
 * Why a webhook URL was refused, naming the rule and the fix.
 * @example refusedMessage('en', { rule: 'loopback', host: 'localhost', address: '127.0.0.1' })
 */
export function refusedMessage(lang: RequestLang, r: EgressRefusal): string {
  const where = r.address && r.address !== r.host ? ` (${r.host} → ${r.address})` : ` (${r.host})`;
  if (r.rule === 'https_required') {
    return lang === 'en'
      ? `url ${RULES[r.rule].en}${where}; plain http only where the config sets webhooks.allowHttp`
      : `url ${RULES[r.rule].da}${where}; http kun hvor konfigurationen sætter webhooks.allowHttp`;
  }
  return lang === 'en'
    ? `url ${RULES[r.rule].en}${where} [rule: ${r.rule}]; webhooks go to public addresses unless webhooks.allowList in the config names the host or range`
    : `url ${RULES[r.rule].da}${where} [regel: ${r.rule}]; webhooks sendes til offentlige adresser, medmindre webhooks.allowList i konfigurationen nævner værten eller netværket`;
}
