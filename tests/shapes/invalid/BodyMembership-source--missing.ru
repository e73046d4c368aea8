# shape: wkgsh:BodyMembership-source
# focus: id:igo-membership-un-lie
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a membership that does not say where it was read
DELETE { GRAPH ?g { id:igo-membership-un-lie dcterms:source ?s } }
WHERE { GRAPH ?g { id:igo-membership-un-lie dcterms:source ?s } } ;
