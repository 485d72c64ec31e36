// The storefront's only script, served from this origin (the CSP allows no inline script):
// progressive enhancement for the address form. Without it the form works the same, with every
// country's regions grouped in one list and a free-text field beside it.
export const ADDRESS_SCRIPT = `(function () {
  var country = document.getElementById('country');
  var select = document.getElementById('region_id');
  var text = document.getElementById('region');
  if (!country || !select || !text) return;
  var groups = Array.prototype.slice.call(select.querySelectorAll('optgroup'));
  var selectField = select.closest('.field');
  var textField = text.closest('.field');
  function update() {
    var listed = false;
    groups.forEach(function (group) {
      var mine = group.getAttribute('data-country') === country.value;
      group.hidden = !mine;
      group.disabled = !mine;
      if (mine) listed = true;
    });
    var chosen = select.options[select.selectedIndex];
    if (chosen && chosen.parentNode.disabled) select.value = '';
    selectField.hidden = !listed;
    textField.hidden = listed;
    if (listed) text.value = '';
  }
  country.addEventListener('change', update);
  update();
})();
`;
