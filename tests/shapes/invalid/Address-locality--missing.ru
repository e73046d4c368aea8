# shape: wkgsh:Address-locality
# focus: id:wco-headquarters-address
# path: vcard:locality
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an address without its town
DELETE { GRAPH ?g { id:wco-headquarters-address ?p ?o } }
WHERE {
  VALUES ?p { vcard:locality }
  GRAPH ?g { id:wco-headquarters-address ?p ?o }
} ;
