# shape: wkgsh:BodyMembership-source
# focus: id:igo-membership-un-lie
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a membership whose source is the UN itself, not a source document
DELETE { GRAPH ?g { id:igo-membership-un-lie dcterms:source ?s } }
INSERT { GRAPH ?g { id:igo-membership-un-lie dcterms:source id:igo-un } }
WHERE { GRAPH ?g { id:igo-membership-un-lie dcterms:source ?s } } ;
